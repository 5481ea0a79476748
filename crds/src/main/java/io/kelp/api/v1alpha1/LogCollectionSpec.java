package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A namespaced collection selects pods of its own namespace only, and never host files: this class
 * deliberately has no field that could name another namespace or a host path.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LogCollectionSpec extends CollectionSpec {
}
