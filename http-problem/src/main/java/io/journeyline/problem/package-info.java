/**
 * RFC 9457 problem documents: what every Journeyline HTTP API (the adapters' ingest API and the
 * streams app's query and operations API) answers on an error, and the writer both use, in a module
 * of their own so that neither service borrows it from the other.
 */
package io.journeyline.problem;
