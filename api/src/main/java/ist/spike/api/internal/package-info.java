/** Jackson serializers and deserializers that reproduce Go's encoding/json; not API. */
package ist.spike.api.internal;
