/**
 * GDPR erasure (art. 17) and the reading side of crypto-shredding: the erasure of a customer across
 * the identity graph, the journey stage and the contact history, the guards that keep a late event
 * from bringing an erased customer back, and the decryption of message text in stage A. See {@code
 * docs/erasure.md}.
 */
package io.journeyline.erasure;
