// What the report tests know about the default theme's report markup
// (themes/default/templates/report_body.html and static/unspun.js), in one place.

/** Selectors of the report page. */
export const S = {
  article: 'article.report',
  rows: '#rows',
  row: '#rows .row',
  /** A run of caption and furniture rows, folded into one. */
  setAsideFold: '#rows details.set-aside-fold',
  setAsideSummary: '#rows details.set-aside-fold > summary',
  /** Rows not folded away as captions and furniture. */
  storyRow: '#rows .row:not(details.set-aside-fold .row)',
  setAsideLine: '.report-header .set-aside-line',
  sourceCell: '.cell-source',
  rewriteCell: '.cell-rewrite',
  sentence: '.sentence',
  placeholder: '.placeholder',
  toolbar: '#toolbar',
  next: '#next-finding',
  prev: '#prev-finding',
  position: '#finding-position',
  changesOnly: '#changes-only',
  // The kind chips under the headline, made buttons that show or hide a kind.
  kindChip: '.kind-counts button.kind-chip-toggle',
  card: '.finding-card',
  mark: 'mark.finding-mark',
  findingsItem: '.findings-item',
  unchangedRow: '#rows .row.is-unchanged',
  foldMarker: '#rows .fold-marker',
  unfold: 'button.unfold',
  exercise: '#exercise',
  exerciseToggle: '#exercise-toggle',
  exerciseStatus: '#exercise-status',
  revealNext: '#reveal-next',
  revealAll: '#reveal-all',
};

/** Keys that move to the next and the previous finding. */
export const NEXT_KEY = 'j';
export const PREV_KEY = 'k';

/**
 * In the page: the state of every finding card, in document order:
 * { id, kind, visible, current, inView }. "current" is the card that has the
 * focus (or contains it), or is marked aria-current / .is-current / .current.
 */
export function cardStates(selector) {
  const vh = window.innerHeight;
  return [...document.querySelectorAll(selector)].map((el) => {
    const r = el.getBoundingClientRect();
    const visible = el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && r.height > 0;
    const active = document.activeElement;
    const current = (active && (active === el || el.contains(active)))
      || el.hasAttribute('aria-current')
      || el.classList.contains('is-current')
      || el.classList.contains('current');
    return {
      id: el.id,
      kind: [...el.classList].find((c) => c.startsWith('kind-'))?.slice(5),
      visible,
      current: Boolean(current),
      inView: visible && r.bottom > 0 && r.top < vh,
    };
  });
}

/** Whether an element is rendered and takes up space. */
export function isShown(el) {
  if (!el) return false;
  const r = el.getBoundingClientRect();
  return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && r.width > 0 && r.height > 0;
}
