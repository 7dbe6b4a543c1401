/**
 * Internal: {@code .well-known/matrix/server}. The fetch (Apache HttpClient 5, connecting only to
 * addresses Fedroute resolved and checked, following each redirect itself), the JSON parse
 * (Jackson's streaming parser), the Cache-Control policy and the error backoff.
 *
 * <p>May use: the API, {@code internal.net}, {@code internal.text}, {@code internal.time}, Apache
 * HttpClient 5, Jackson core and Caffeine; not DNS directly (host names reach it through {@code
 * internal.net.AddressLookup}).
 */
package dev.fedroute.internal.wellknown;
