package lat.warp.events.internal;

import lat.warp.events.Event;
import org.jspecify.annotations.Nullable;

/** Where an {@link EventSource} puts what it read, in file order; line numbers count from 1. */
public interface EventSink {

    void event(long line, Event event);

    void reject(long line, String reason, @Nullable String raw);
}
