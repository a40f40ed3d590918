/**
 * The web shell: the layout every page shares, the navigation to the five services, the language
 * switch, the error pages and the API's problem details.
 */
@org.jspecify.annotations.NullMarked
package lat.warp.shell;
