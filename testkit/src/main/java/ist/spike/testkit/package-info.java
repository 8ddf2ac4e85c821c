/** Test support shared by the modules' tests; never a runtime dependency. */
package ist.spike.testkit;
