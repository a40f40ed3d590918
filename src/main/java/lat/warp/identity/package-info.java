/** Identity: users, memberships and roles, login with two-factor authentication, password reset and API tokens. */
@org.jspecify.annotations.NullMarked
package lat.warp.identity;
