/* unspun: walking through a report's changes, filtering, folding, the
   embed page's exercise mode, and sorting/filtering the index.
   No network access, no inline handlers; everything works without this
   script too (it only adds controls). */
(function () {
  'use strict';

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  function isTyping(e) {
    var t = e.target;
    if (!t || !t.tagName) return false;
    var tag = t.tagName.toLowerCase();
    return tag === 'input' || tag === 'select' || tag === 'textarea' || t.isContentEditable;
  }

  function initReport(report) {
    var toolbar = $('#toolbar', report);
    var cards = $$('.finding-card[data-finding]', report);
    var position = $('#finding-position', report);
    var current = -1;
    var hidden = {};

    if (toolbar) toolbar.hidden = false;
    var filters = $('#filters', report);
    if (filters) filters.hidden = false;

    function partsOf(index) {
      return $$('[data-finding="' + index + '"], [data-also~="' + index + '"]', report);
    }
    function visibleCards() {
      return cards.filter(function (c) { return !hidden[c.getAttribute('data-kind')] && c.offsetParent !== null; });
    }
    function updatePosition() {
      if (!position) return;
      var list = visibleCards();
      var i = current >= 0 ? list.indexOf(cards[current]) : -1;
      // The current finding by its number (as in #finding-N, the CSV and
      // the annotations), and where it stands among those shown.
      var number = i >= 0 ? cards[current].getAttribute('data-number') : '';
      position.textContent = list.length === 0 ? 'No changes shown'
        : (i < 0 ? list.length + ' change' + (list.length === 1 ? '' : 's')
          : list.length === cards.length ? 'Change ' + number + ' of ' + cards.length
          : 'Change ' + number + ' (' + (i + 1) + ' of ' + list.length + ' shown)');
    }
    function clearCurrent() {
      $$('.is-current', report).forEach(function (el) { el.classList.remove('is-current'); });
    }
    function select(card, scroll, setHash) {
      clearCurrent();
      current = cards.indexOf(card);
      if (current < 0) return;
      var index = card.getAttribute('data-finding');
      var parts = partsOf(index);
      parts.forEach(function (el) { el.classList.add('is-current'); });
      var mark = parts.filter(function (el) { return el.classList.contains('finding-mark'); })[0];
      var target = mark || card;
      if (scroll) {
        var behavior = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
        target.scrollIntoView({ block: 'center', behavior: behavior });
      }
      try { card.focus({ preventScroll: true }); } catch (e) { card.focus(); }
      if (setHash && window.history && history.replaceState) {
        history.replaceState(null, '', '#' + card.id);
      }
      updatePosition();
    }
    function step(delta) {
      var list = visibleCards();
      if (list.length === 0) { updatePosition(); return; }
      var at = current >= 0 ? list.indexOf(cards[current]) : -1;
      var next;
      if (at < 0) {
        next = delta > 0 ? 0 : list.length - 1;
        if (current >= 0) {
          // The current finding was filtered out: continue from its place.
          var pos = current;
          var after = list.filter(function (c) { return cards.indexOf(c) > pos; });
          var before = list.filter(function (c) { return cards.indexOf(c) < pos; });
          next = delta > 0 ? (after.length ? list.indexOf(after[0]) : 0)
                           : (before.length ? list.indexOf(before[before.length - 1]) : list.length - 1);
        }
      } else {
        next = (at + delta + list.length) % list.length;
      }
      select(list[next], true, true);
    }

    var prev = $('#prev-finding', report);
    var nextBtn = $('#next-finding', report);
    if (prev) prev.addEventListener('click', function () { step(-1); });
    if (nextBtn) nextBtn.addEventListener('click', function () { step(1); });

    document.addEventListener('keydown', function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e)) return;
      if (report.classList.contains('exercise-on')) return;
      var k = e.key;
      if (k === 'j' || k === 'n') { e.preventDefault(); step(1); }
      else if (k === 'k' || k === 'p') { e.preventDefault(); step(-1); }
    });

    // Filter by kind.
    $$('.kind-toggle', report).forEach(function (box) {
      box.addEventListener('change', function () {
        hidden[box.value] = !box.checked;
        $$('[data-kind="' + box.value + '"]', report).forEach(function (el) {
          if (el.classList.contains('finding-mark') || el.classList.contains('finding-card') || el.classList.contains('findings-item')) {
            el.classList.toggle('is-filtered', !box.checked);
          }
        });
        if (current >= 0 && hidden[cards[current].getAttribute('data-kind')]) clearCurrent();
        updatePosition();
      });
    });

    // Changes only: fold unchanged stretches.
    var only = $('#changes-only', report);
    if (only) {
      only.addEventListener('change', function () {
        report.classList.toggle('changes-only', only.checked);
        updatePosition();
      });
    }
    $$('.unfold', report).forEach(function (btn) {
      btn.addEventListener('click', function () {
        var run = btn.getAttribute('data-run');
        $$('[data-run="' + run + '"]', report).forEach(function (el) { el.classList.add('is-unfolded'); });
      });
    });

    // Clicking a marked passage selects its finding.
    report.addEventListener('click', function (e) {
      var mark = e.target.closest ? e.target.closest('.finding-mark') : null;
      if (!mark || report.classList.contains('exercise-on')) return;
      var card = $('.finding-card[data-finding="' + mark.getAttribute('data-finding') + '"]', report);
      if (card) select(card, false, true);
    });

    // A #finding-N fragment opens the page at that finding.
    function fromHash(scroll) {
      var id = decodeURIComponent((location.hash || '').slice(1));
      if (!/^finding-\d+$/.test(id)) return;
      var card = document.getElementById(id);
      if (card && cards.indexOf(card) >= 0) {
        if (hidden[card.getAttribute('data-kind')]) {
          var box = $('.kind-toggle[value="' + card.getAttribute('data-kind') + '"]', report);
          if (box) { box.checked = true; box.dispatchEvent(new Event('change')); }
        }
        select(card, scroll, false);
      }
    }
    window.addEventListener('hashchange', function () { fromHash(true); });
    fromHash(true);
    updatePosition();

    return { cards: cards, clearCurrent: clearCurrent, updatePosition: updatePosition };
  }

  function initExercise(report, api) {
    var box = $('#exercise', report);
    if (!box) return;
    var toggle = $('#exercise-toggle', box);
    var status = $('#exercise-status', box);
    var nextBtn = $('#reveal-next', box);
    var allBtn = $('#reveal-all', box);
    var cards = api.cards;
    var revealed = 0;
    box.hidden = false;

    function render() {
      var on = report.classList.contains('exercise-on');
      toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
      nextBtn.hidden = !on;
      allBtn.hidden = !on;
      if (!on) { status.textContent = ''; return; }
      var n = cards.length;
      if (revealed === 0) {
        status.textContent = n + ' change' + (n === 1 ? '' : 's') + ' to find';
      } else {
        status.textContent = revealed + ' of ' + n + ' change' + (n === 1 ? '' : 's') + ' revealed';
      }
      nextBtn.disabled = revealed >= n;
      allBtn.disabled = revealed >= n;
    }
    function reveal(card, scroll) {
      var index = card.getAttribute('data-finding');
      $$('[data-finding="' + index + '"], [data-also~="' + index + '"]', report).forEach(function (el) {
        el.classList.add('is-revealed');
      });
      if (scroll) {
        var mark = $('.finding-mark[data-finding="' + index + '"], .finding-mark[data-also~="' + index + '"]', report);
        (mark || card).scrollIntoView({ block: 'center' });
      }
    }
    function setMode(on) {
      report.classList.toggle('exercise-on', on);
      if (!on) {
        $$('.is-revealed', report).forEach(function (el) { el.classList.remove('is-revealed'); });
        revealed = 0;
      }
      api.clearCurrent();
      render();
    }
    toggle.addEventListener('click', function () { setMode(!report.classList.contains('exercise-on')); });
    nextBtn.addEventListener('click', function () {
      if (revealed < cards.length) { reveal(cards[revealed], true); revealed += 1; }
      render();
    });
    allBtn.addEventListener('click', function () {
      cards.forEach(function (c) { reveal(c, false); });
      revealed = cards.length;
      render();
    });
    var wanted = /(^|[?&])exercise(=|&|$)/.test(location.search.slice(1)) || location.hash === '#exercise';
    setMode(wanted);
  }

  function initIndex(table) {
    var form = $('#index-filters');
    var tbody = table.tBodies[0];
    var rows = $$('tr.report-row', tbody);
    var count = $('#filter-count');
    var none = $('#no-results');
    if (form) form.hidden = false;

    // Sorting: headers become buttons.
    $$('th[data-sort]', table).forEach(function (th) {
      var btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = th.textContent;
      th.textContent = '';
      th.appendChild(btn);
      btn.addEventListener('click', function () {
        var key = th.getAttribute('data-sort');
        var numeric = th.getAttribute('data-type') === 'number';
        var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        $$('th[data-sort]', table).forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir);
        var sign = dir === 'ascending' ? 1 : -1;
        var attr = key === 'site' ? 'data-site-name' : key === 'source' ? 'data-source-title' : 'data-' + key;
        var sorted = rows.slice().sort(function (a, b) {
          var x = a.getAttribute(attr) || '', y = b.getAttribute(attr) || '';
          var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
          if (c === 0) c = (a.getAttribute('data-slug') || '').localeCompare(b.getAttribute('data-slug') || '');
          return c * sign;
        });
        sorted.forEach(function (r) { tbody.appendChild(r); });
      });
    });

    // Filtering.
    var text = $('#filter-text'), site = $('#filter-site'), source = $('#filter-source'), kind = $('#filter-kind');
    function apply() {
      var q = text ? text.value.trim().toLowerCase() : '';
      var s = site ? site.value : '', o = source ? source.value : '', k = kind ? kind.value : '';
      var shown = 0;
      rows.forEach(function (r) {
        var hay = [r.getAttribute('data-title'), r.getAttribute('data-site-name'), r.getAttribute('data-source-title'),
                   r.getAttribute('data-slug'), r.getAttribute('data-search'), r.textContent].join(' ').toLowerCase();
        var ok = (!q || hay.indexOf(q) >= 0)
          && (!s || r.getAttribute('data-site') === s)
          && (!o || r.getAttribute('data-source') === o)
          && (!k || (' ' + r.getAttribute('data-kinds') + ' ').indexOf(' ' + k + ' ') >= 0);
        r.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown + ' of ' + rows.length + ' reports';
      if (none) none.hidden = shown !== 0;
    }
    [text, site, source, kind].forEach(function (el) {
      if (el) { el.addEventListener('input', apply); el.addEventListener('change', apply); }
    });
    if (form) form.addEventListener('submit', function (e) { e.preventDefault(); });
    // Filters may be preset through the query: ?site=…&source=…&kind=…&q=…
    var params = new URLSearchParams(location.search);
    if (site && params.get('site')) site.value = params.get('site');
    if (source && params.get('source')) source.value = params.get('source');
    if (kind && params.get('kind')) kind.value = params.get('kind');
    if (text && params.get('q')) text.value = params.get('q');
    apply();
  }

  function init() {
    var report = $('#report');
    if (report) {
      var api = initReport(report);
      initExercise(report, api);
    }
    var table = $('#report-index');
    if (table) initIndex(table);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
