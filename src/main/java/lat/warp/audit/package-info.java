/**
 * The audit trail: an append-only, hash-chained record of who did and saw what (logins, denials,
 * administrative changes, reads of confidential data), with a verification that detects any altered
 * or deleted entry.
 */
@org.jspecify.annotations.NullMarked
package lat.warp.audit;
