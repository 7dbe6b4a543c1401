package dev.fedroute.jakarta;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test observer that keeps every {@link ResolutionEvent}, and can be told to throw. */
@ApplicationScoped
public class ResolutionCounter {
  private final List<ResolutionEvent> events = new CopyOnWriteArrayList<>();
  private volatile boolean failing;

  void on(@Observes ResolutionEvent event) {
    events.add(event);
    if (failing) {
      throw new IllegalStateException("observer failure on purpose");
    }
  }

  List<ResolutionEvent> events() {
    return List.copyOf(events);
  }

  void failFromNowOn() {
    failing = true;
  }
}
