package io.scx4j.api.archfixture;

/** Fixture: an API class that pulls in Jackson and Guice, which the API rule must reject. */
public class ApiClassUsingFrameworks {
    com.fasterxml.jackson.databind.ObjectMapper mapper;
    com.google.inject.Injector injector;
}
