/** {@code spike secret …}: put, get, delete, undelete, list, metadata get. */
package ist.spike.pilot.secret;
