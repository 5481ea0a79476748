package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A namespaced collection selects pods of its own namespace only, and never host files: this class
 * deliberately has no field that could name another namespace or a host path.
 */
// Unknown fields are ignored, as in CollectionSpec (an informer must not stop on one bad object).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LogCollectionSpec extends CollectionSpec {
}
