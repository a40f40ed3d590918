/**
 * Demo mode: on the first start of an embedded server, the WARP organisation, a few members and a
 * CSIRT, one user per role, and their login details printed in the log and kept in the data folder.
 */
@org.jspecify.annotations.NullMarked
package lat.warp.demo;
