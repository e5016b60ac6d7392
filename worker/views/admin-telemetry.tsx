/** The admin's first screen (Health) and the experiment results panel; /js/admin/health.js fills both. */
export function HealthSection() {
  return (
    <section id="health" class="admin-section" aria-labelledby="health-title">
      <h2 id="health-title">Health</h2>
      <div class="chips health-windows" role="group" aria-label="Window">
        {([['1h', 'Last hour'], ['24h', 'Last day'], ['7d', 'Last week']] as const).map(([value, label]) => (
          <button type="button" class="chip" data-window={value} aria-pressed={value === '24h' ? 'true' : 'false'}>
            {label}
          </button>
        ))}
      </div>
      <div id="health-view" aria-live="polite" aria-busy="true">
        <p class="muted">Loading…</p>
      </div>
    </section>
  );
}

export function ExperimentResultsSection() {
  return (
    <section id="experiment-results" class="admin-section" aria-labelledby="experiment-results-title">
      <h2 id="experiment-results-title">Experiment results</h2>
      <div class="field">
        <label for="experiment-results-id">Experiment</label>
        <select id="experiment-results-id" />
      </div>
      <div id="experiment-results-view" aria-live="polite">
        <p class="muted">No experiment yet.</p>
      </div>
    </section>
  );
}
