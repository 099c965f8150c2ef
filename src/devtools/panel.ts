import type { StoreMetrics } from '../index.js';
import type { InspectedCall, StoreInspection } from './inspection.js';
import { callRows, entryRows, pollRows, quotaRows, type View } from './sections.js';
import { STYLES } from './styles.js';

export interface PanelSettings {
  target: Element | undefined;
  refreshInterval: number;
  maxCalls: number;
  maxEntries: number;
  collapsed: boolean;
}

const SECTIONS: Array<[id: string, title: string, columns: string[]]> = [
  ['polls', 'Polls per kind', ['kind', 'requested', 'effective', 'watched']],
  ['quotas', 'Quota budget', ['operation', 'used in the last second', 'free', 'queued', 'calls']],
  ['calls', 'Last calls', ['sent', 'operation', 'resource', 'duration', 'outcome']],
  ['entries', 'Cache entries', ['collection', 'id', 'status', 'age', 'watchers', 'next poll', 'last error']],
];

const section = ([id, title, columns]: (typeof SECTIONS)[number]) =>
  `<details open data-section="${id}"><summary>${title} <span class="muted" data-count></span></summary>` +
  `<table><thead><tr>${columns.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody></tbody></table></details>`;

/**
 * The panel: a shadow root (its styles scoped, the page's kept out) redrawn by one timer
 * while it is open and its page visible, and only where a section's text changed. Calls are
 * recorded as they settle (a push into a short array); everything else is read when drawing.
 */
export function mountPanel(inspection: StoreInspection, s: PanelSettings): () => void {
  const doc = s.target?.ownerDocument ?? document;
  const host = doc.createElement('div');
  host.setAttribute('data-ivs-devtools', '');
  if (!s.target) host.className = 'docked';
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    `<style>${STYLES}</style><section class="panel"><header><b>ivs-store</b><span class="note" data-field="role"></span>` +
    '<input type="search" placeholder="filter entries" aria-label="Filter cache entries">' +
    '<button type="button" data-action="toggle"></button></header>' +
    `<div class="body">${SECTIONS.map(section).join('')}</div></section>`;
  const $ = <E extends Element>(selector: string) => root.querySelector(selector) as E;
  const panel = $<HTMLElement>('.panel');
  const filter = $<HTMLInputElement>('input');
  const toggle = $<HTMLButtonElement>('button');
  const role = $<HTMLElement>('[data-field=role]');
  const parts = Object.fromEntries(
    SECTIONS.map(([id]) => [
      id,
      {
        body: $<HTMLElement>(`[data-section=${id}] tbody`),
        count: $<HTMLElement>(`[data-section=${id}] [data-count]`),
      },
    ]),
  );
  /** What each section shows now: a section is rewritten only when this changes. */
  const shown: Record<string, string> = {};
  const put = (id: string, html: string, count?: string) => {
    const part = parts[id];
    if (!part || shown[id] === html + count) return;
    shown[id] = html + count;
    part.body.innerHTML = html;
    if (count !== undefined) part.count.textContent = `(${count})`;
  };

  let metrics: StoreMetrics | undefined;
  let ended = false;
  const calls: InspectedCall[] = [];
  let collapsed = s.collapsed;

  const draw = () => {
    const reads = inspection.reads();
    const view: View = { now: Date.now(), reads, filter: filter.value.trim(), maxEntries: s.maxEntries };
    const tabs = metrics?.tabs;
    role.textContent = ended
      ? 'store disposed'
      : tabs
        ? `${tabs.role} · ${tabs.members} tab${tabs.members === 1 ? '' : 's'}${reads ? '' : ': the leader tab reads for this one'}`
        : '';
    const entries = entryRows(inspection.entries(), view);
    put('entries', entries.html, entries.count);
    put('polls', pollRows(metrics, view), String(Object.keys(metrics?.polling ?? {}).length));
    const quotas = inspection.quotas();
    put('quotas', quotaRows(quotas, metrics, view), String(reads ? quotas.length : 0));
    put('calls', callRows(calls, view), String(calls.length));
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  /** Draws on a timer only while someone can see the panel. */
  const sync = () => {
    panel.classList.toggle('collapsed', collapsed);
    toggle.textContent = collapsed ? 'open' : 'collapse';
    toggle.setAttribute('aria-expanded', String(!collapsed));
    const on = !collapsed && doc.visibilityState !== 'hidden';
    if (on && timer === undefined) {
      draw();
      timer = setInterval(draw, s.refreshInterval);
    } else if (!on && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  const subscription = inspection.metrics$.subscribe({
    next: (m) => (metrics = m),
    complete: () => (ended = true),
  });
  const stopCalls = inspection.onCall((call) => {
    calls.unshift(call);
    if (calls.length > s.maxCalls) calls.length = s.maxCalls;
  });
  const onToggle = () => {
    collapsed = !collapsed;
    sync();
  };
  const onFilter = () => timer !== undefined && draw();
  toggle.addEventListener('click', onToggle);
  filter.addEventListener('input', onFilter);
  doc.addEventListener('visibilitychange', sync);
  (s.target ?? doc.body).appendChild(host);
  sync();

  return () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    subscription.unsubscribe();
    stopCalls();
    doc.removeEventListener('visibilitychange', sync);
    toggle.removeEventListener('click', onToggle);
    filter.removeEventListener('input', onFilter);
    host.remove();
  };
}
