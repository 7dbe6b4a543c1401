/**
 * Fedroute's telemetry through OpenTelemetry (not public): a {@link dev.fedroute.FedrouteListener}
 * bean that records metrics and spans on the {@code OpenTelemetry} bean the server offers
 * (MicroProfile Telemetry), and the duration of every resolution from {@link
 * dev.fedroute.jakarta.ResolutionEvent}.
 *
 * <p>The only package that uses the OpenTelemetry API, which Fedroute compiles against but never
 * bundles. Where the server offers no such API, {@code META-INF/beans.xml} keeps this package out
 * of bean discovery, so none of its classes is loaded; where the API is present but no {@code
 * OpenTelemetry} bean, the listener stays inactive. Nothing else in Fedroute refers to this
 * package.
 *
 * <p>May use: the API, {@code dev.fedroute.jakarta}, the CDI API and the OpenTelemetry API.
 */
package dev.fedroute.jakarta.telemetry;
