package dev.mailgate.api;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;
import io.quarkus.runtime.configuration.MemorySize;

/**
 * Jackson refuses strings longer than 20 million characters by default, which would turn a 15 MB attachment into a
 * baffling "malformed JSON" 400. The request size limit (quarkus.http.limits.max-body-size) already bounds every
 * string, so Jackson's own limit is set to match it.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    private final long maxBody;

    public JsonLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize maxBody) {
        this.maxBody = maxBody.asLongValue();
    }

    @Override
    public void customize(ObjectMapper mapper) {
        int max = (int) Math.min(Integer.MAX_VALUE, Math.max(maxBody, StreamReadConstraints.DEFAULT_MAX_STRING_LEN));
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxStringLength(max).build());
    }
}
