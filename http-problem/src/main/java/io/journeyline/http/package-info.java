/**
 * What both Journeyline HTTP servers (the adapters' ingest API and the streams app's query and
 * operations API) share for their security: salted API key hashes with scopes ({@link
 * io.journeyline.http.ApiKeyHash}, {@link io.journeyline.http.ScopedApiKeys}) and the TLS set-up of
 * an Undertow listener and of an HTTP client ({@link io.journeyline.http.TlsSettings}), built from
 * the JDK alone.
 */
package io.journeyline.http;
