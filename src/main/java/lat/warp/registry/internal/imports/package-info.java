/**
 * Readers of the registry's input data: RIR delegated statistics, pyasn route tables, AS names, the
 * member roster, and RDAP lookups of abuse contacts. Parsers never throw on bad data: they collect
 * {@link lat.warp.registry.internal.imports.LineProblem}s with line numbers, and an importer refuses the
 * whole file when there is any, so that a half-read file never replaces good data.
 */
@NullMarked
package lat.warp.registry.internal.imports;

import org.jspecify.annotations.NullMarked;
