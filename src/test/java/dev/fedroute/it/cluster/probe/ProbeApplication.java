package dev.fedroute.it.cluster.probe;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The probe's JAX-RS application, under {@code /api}. */
@ApplicationPath("api")
public class ProbeApplication extends Application {}
