package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public class ParseSpec {

    /** The on-disk framing; values match {@code io.kelp.contract.LogFormat} wire names. */
    public enum Format {
        cri, @com.fasterxml.jackson.annotation.JsonProperty("docker-json") docker_json, plain
    }

    @Default("cri")
    @JsonPropertyDescription("Framing of the log files: cri (containerd, CRI-O), docker-json (Docker json-file) or plain.")
    private Format format = Format.cri;

    @JsonPropertyDescription("Join lines into multiline events (e.g. stack traces). Absent: every line is an event.")
    private MultilineSpec multiline;

    @Default("false")
    @JsonPropertyDescription("Parse log lines that are JSON objects into fields of the document. Default false.")
    private Boolean jsonFields = false;

    public MultilineSpec getMultiline() {
        return multiline;
    }

    public void setMultiline(MultilineSpec multiline) {
        this.multiline = multiline;
    }

    public Boolean getJsonFields() {
        return jsonFields;
    }

    public void setJsonFields(Boolean jsonFields) {
        this.jsonFields = jsonFields;
    }

    public Format getFormat() {
        return format;
    }

    public void setFormat(Format format) {
        this.format = format;
    }
}
