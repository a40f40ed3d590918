/** Advice over HTTP: the public guide pages ({@code /advice}, {@code /advice/{type}}). */
@org.jspecify.annotations.NullMarked
package lat.warp.advice.web;
