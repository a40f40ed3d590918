package lat.warp.reporting.internal;

import java.util.List;
import lat.warp.reporting.IncidentDetail;
import lat.warp.reporting.ReportIndicator;
import lat.warp.reporting.internal.parsing.Indicator;
import lat.warp.reporting.internal.parsing.IndicatorKind;
import lat.warp.reporting.internal.parsing.IodefIncident;
import lat.warp.reporting.internal.parsing.IodefWriter;

/** Maps an incident onto the parsers' {@link IodefWriter}: the one place reporting produces IODEF 2.0. */
public final class IodefExport {

    private IodefExport() {
    }

    public static String write(IncidentDetail detail, String issuer, String contactEmail) {
        var i = detail.incident();
        List<Indicator> indicators = detail.indicators().stream().map(IodefExport::indicator)
                .filter(java.util.Objects::nonNull).distinct().toList();
        return IodefWriter.write(new IodefIncident(i.number(), issuer, i.tlp(), i.severity().name(),
                i.classificationType(), i.title(), i.createdAt(), null, indicators, contactEmail));
    }

    private static @org.jspecify.annotations.Nullable Indicator indicator(ReportIndicator r) {
        try {
            return new Indicator(IndicatorKind.valueOf(r.kind()), r.value());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
