/**
 * Internal: text forms. IP literals (strict parse, RFC 5952 output, {@code host:port}) and the text
 * of settings (durations, ports, DNS server addresses) shared by the API, the MicroProfile mapping
 * and the CLI.
 *
 * <p>May use: the JDK only.
 */
package dev.fedroute.internal.text;
