/* unspun: a report's overview of its changes, walking through them from
   where the reader is, filters that fold what they hide, the marker strip
   along the scroll bar, the report's embed view (the report page with
   ?embed: for iframes) with its exercise for a class and its "Save as one
   file", and sorting the index.
   No inline handlers; no network access but the Save button's, which reads
   the page and its own stylesheet and script again from the same site
   (the page is parsed into an inert document, never into this one). No
   article text is ever parsed as markup here (only moved, or read as
   textContent); everything works without this script too (it only adds
   controls). */
(function () {
  'use strict';

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
  // A finding's number: a card's from its id (finding-N), a mark's (and
  // what this script makes) from data-finding. An item of "All changes"
  // has it as its value (partsOf).
  function numberOf(e) {
    return e.getAttribute('data-finding') || (/^finding-(\d+)$/.exec(e.id) || [])[1] || '';
  }
  // A kind from the class kind-<kind> (kind-count and kind-chip name none).
  function kindOf(e) {
    var c = Array.prototype.filter.call(e.classList, function (c) { return /^kind-(?!count$|chip$)/.test(c); })[0];
    return c ? c.slice(5) : '';
  }

  function isTyping(e) {
    var t = e.target;
    if (!t || !t.tagName) return false;
    var tag = t.tagName.toLowerCase();
    return tag === 'input' || tag === 'select' || tag === 'textarea' || t.isContentEditable;
  }
  function reducedMotion() {
    return window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  /* The report page (and its embed view): the findings, the rows they are
     in, and the views over them. */
  function initReport(report) {
    var toolbar = $('#toolbar', report);
    var exerciseBar = $('#exercise', report);
    var rowsBox = $('#rows', report);
    var cards = $$('.finding-card', report);
    var position = $('#finding-position', report);
    var byNumber = {};
    cards.forEach(function (c) { byNumber[numberOf(c)] = c; });
    var current = -1;
    // When the page last scrolled to a finding itself: while that smooth
    // scroll runs, the current finding counts as where the reader is.
    var steeredAt = 0;
    var hidden = {};
    var changesOnly = false;

    if (toolbar) toolbar.hidden = false;
    var filters = $('#filters', report);
    if (filters) filters.hidden = false;

    function isShownKind(card) { return !hidden[kindOf(card)]; }
    function partsOf(number) {
      return $$('[data-finding="' + number + '"], [data-also~="' + number + '"], #finding-' + number +
        ', .findings-item[value="' + number + '"]', report);
    }
    function marksOf(number) {
      // The whole report: the exercise moves the texts out of the rows.
      return $$('.finding-mark[data-finding="' + number + '"], .finding-mark[data-also~="' + number + '"]', report);
    }

    /* The sticky bar the page is read under: its height keeps a passage
       that is scrolled to (or linked to) clear of it. */
    function stickyBar() {
      if (report.classList.contains('exercise-on')) return exerciseBar;
      return toolbar && !toolbar.hidden ? toolbar : null;
    }
    function stickyHeight() {
      var bar = stickyBar();
      return bar ? bar.offsetHeight : 0;
    }
    function noteStickyHeight() {
      document.documentElement.style.setProperty('--sticky-h', stickyHeight() + 'px');
    }

    /* Scrolls this document (never the page around an iframe) so that a
       finding's row, or at least its card and first mark, is wholly in view
       below the sticky bar. */
    function scrollToFinding(card, smooth) {
      var row = card.closest('.row');
      var mark = marksOf(numberOf(card)).filter(function (m) { return m.closest('.row') === row; })[0];
      var top = stickyHeight() + 8;
      var room = window.innerHeight - top - 8;
      var box = function (e) { return e.getBoundingClientRect(); };
      var a, b;
      if (row && box(row).height <= room) {
        a = box(row).top; b = box(row).bottom;
      } else {
        var c = box(card);
        a = c.top; b = c.bottom;
        if (mark) {
          var m = box(mark);
          if (Math.max(b, m.bottom) - Math.min(a, m.top) <= room) { a = Math.min(a, m.top); b = Math.max(b, m.bottom); }
        }
      }
      var slack = Math.max(0, room - (b - a));
      var y = window.pageYOffset + a - top - Math.min(slack / 2, 80);
      window.scrollTo({ top: Math.max(0, y), behavior: smooth && !reducedMotion() ? 'smooth' : 'instant' });
    }

    /* ---- Folding: every run of rows with nothing to show folds to one line. */

    // The units of the comparison: each row, and each fold of captions and
    // furniture (a <details> of rows), in order.
    var units = rowsBox ? Array.prototype.slice.call(rowsBox.children).filter(function (u) {
      return u.classList.contains('row') || u.classList.contains('set-aside-fold');
    }) : [];
    var unitFindings = units.map(function (u) {
      var found = {};
      $$('[data-finding], [data-also], .finding-card', u).forEach(function (e) {
        var ids = [numberOf(e)].concat((e.getAttribute('data-also') || '').split(' '));
        ids.forEach(function (n) { if (n && byNumber[n]) found[n] = byNumber[n]; });
      });
      return Object.keys(found).map(function (n) { return found[n]; });
    });
    var opened = {};
    var foldLines = [];

    function kindFilterOn() {
      return Object.keys(hidden).some(function (k) { return hidden[k]; });
    }
    function unitShows(i) {
      var u = units[i];
      var all = unitFindings[i];
      var shown = all.filter(isShownKind);
      if (all.length > 0 && shown.length === 0) return false;
      if (!changesOnly) return true;
      if (shown.length > 0) return true;
      // Reworded passages are changes too, unless the reader asked for kinds.
      return !kindFilterOn() && (u.classList.contains('rel-light_edit') || u.classList.contains('rel-paraphrase'));
    }
    function rowsIn(u) {
      return u.classList.contains('row') ? 1 : $$('.row', u).length;
    }
    function refold() {
      foldLines.forEach(function (l) { if (l.parentNode) l.parentNode.removeChild(l); });
      foldLines = [];
      var i = 0;
      while (i < units.length) {
        if (unitShows(i)) { units[i].classList.remove('is-folded'); i++; continue; }
        var start = i;
        var count = 0;
        while (i < units.length && !unitShows(i)) { count += rowsIn(units[i]); i++; }
        var key = units[start].id || ('u' + start);
        var open = Boolean(opened[key]);
        for (var j = start; j < i; j++) units[j].classList.toggle('is-folded', !open);
        var line = el('div', 'fold-marker');
        var btn = el('button', 'unfold', open ? 'Fold these ' + plural(count, 'passage', 'passages') + ' again'
          : 'Show ' + plural(count, 'folded passage', 'folded passages'));
        btn.type = 'button';
        btn.setAttribute('aria-expanded', open ? 'true' : 'false');
        btn.setAttribute('data-count', String(count));
        btn.addEventListener('click', (function (k) {
          return function () { opened[k] = !opened[k]; refold(); afterLayout(); };
        }(key)));
        line.appendChild(btn);
        rowsBox.insertBefore(line, units[start]);
        foldLines.push(line);
      }
      report.classList.toggle('changes-only', changesOnly);
    }
    function unfoldAround(target) {
      var unit = units.filter(function (u) { return u === target || u.contains(target); })[0];
      if (!unit) return;
      if (unit.classList.contains('is-folded')) {
        var i = units.indexOf(unit);
        while (i > 0 && units[i - 1].classList.contains('is-folded')) i--;
        opened[units[i].id || ('u' + i)] = true;
        refold();
      }
      if (unit.tagName.toLowerCase() === 'details') unit.open = true;
    }

    /* ---- Walking through the findings. */

    function visibleCards() {
      return cards.filter(function (c) {
        return isShownKind(c) && !c.closest('.is-folded') && !(c.closest('details') && !c.closest('details').open);
      });
    }
    function walkable() {
      // Findings inside a closed fold are still walked to (the fold opens).
      return cards.filter(isShownKind);
    }
    function updatePosition() {
      if (!position) return;
      var list = walkable();
      var i = current >= 0 ? list.indexOf(cards[current]) : -1;
      // The current finding by its number (as in #finding-N, the CSV and
      // the annotations), and where it stands among those shown.
      var number = i >= 0 ? numberOf(cards[current]) : '';
      position.textContent = list.length === 0 ? 'No changes shown'
        : (i < 0 ? plural(list.length, 'change', 'changes')
          : list.length === cards.length ? 'Change ' + number + ' of ' + cards.length
          : 'Change ' + number + ' (' + (i + 1) + ' of ' + list.length + ' shown)');
      // Its text may change the toolbar's height, which fragments must clear.
      noteStickyHeight();
    }
    function clearCurrent() {
      $$('.is-current', report).forEach(function (e) { e.classList.remove('is-current'); });
      current = -1;
    }
    function select(card, scroll, setHash, smooth) {
      clearCurrent();
      current = cards.indexOf(card);
      if (current < 0) return;
      unfoldAround(card);
      partsOf(numberOf(card)).forEach(function (e) { e.classList.add('is-current'); });
      // The position readout first: on a phone its text may wrap the
      // toolbar, whose height the scroll must clear.
      updatePosition();
      if (scroll) { scrollToFinding(card, smooth); steeredAt = Date.now(); }
      try { card.focus({ preventScroll: true }); } catch (e) { /* old browsers: no focus without scrolling */ }
      if (setHash && window.history && history.replaceState) {
        history.replaceState(null, '', '#' + card.id);
      }
      updatePosition();
      drawStrip();
    }
    // Where a finding stands in the page: its row, else its closed fold, else its card.
    function anchorTop(card) {
      var row = card.closest('.row');
      var target = row && row.getClientRects().length ? row : (card.closest('details') || card);
      return target.getBoundingClientRect().top;
    }
    function inView(card) {
      var r = card.getBoundingClientRect();
      return r.height > 0 && r.bottom > stickyHeight() && r.top < window.innerHeight;
    }
    function step(delta) {
      var list = walkable();
      if (list.length === 0) { updatePosition(); return; }
      var at = current >= 0 ? list.indexOf(cards[current]) : -1;
      var next;
      if (at >= 0 && (inView(cards[current]) || Date.now() - steeredAt < 1000)) {
        next = (at + delta + list.length) % list.length;
      } else {
        // From where the reader is: the first finding below the top of the
        // reading area, or the last one above it.
        var line = stickyHeight() + 4;
        var tops = list.map(anchorTop);
        if (delta > 0) {
          next = tops.findIndex(function (t) { return t >= line; });
          if (next < 0) next = 0;
        } else {
          next = -1;
          tops.forEach(function (t, i) { if (t < line) next = i; });
          if (next < 0) next = list.length - 1;
        }
      }
      select(list[next], true, true, true);
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

    /* ---- Filters: the kind chips, "changes only". */

    var chips = [];
    function setKindShown(kind, shown) {
      hidden[kind] = !shown;
      chips.forEach(function (b) {
        if (b.getAttribute('data-kind') === kind) b.setAttribute('aria-pressed', shown ? 'true' : 'false');
      });
      $$('.kind-' + kind, report).forEach(function (e) {
        if (e.matches('.finding-mark, .finding-card, .findings-item, .overview-item')) e.classList.toggle('is-filtered', !shown);
      });
      if (current >= 0 && hidden[kindOf(cards[current])]) clearCurrent();
      opened = {};
      refold();
      afterLayout();
    }
    // The kind chips above the texts become buttons that show or hide a kind.
    $$('.kind-counts .kind-count', report).forEach(function (li) {
      var kind = kindOf(li);
      var btn = el('button', 'kind-chip-toggle');
      btn.type = 'button';
      btn.setAttribute('data-kind', kind);
      btn.setAttribute('aria-pressed', 'true');
      while (li.firstChild) btn.appendChild(li.firstChild);
      li.appendChild(btn);
      li.classList.add('is-filter');
      btn.addEventListener('click', function () { setKindShown(kind, Boolean(hidden[kind])); });
      chips.push(btn);
    });
    var kindList = $('.kind-counts', report);
    if (kindList && chips.length) kindList.setAttribute('aria-label', 'Changes by kind: press one to show or hide it');

    var only = $('#changes-only', report);
    if (only) {
      only.addEventListener('change', function () {
        changesOnly = only.checked;
        opened = {};
        refold();
        afterLayout();
      });
    }
    // Folds of captions and furniture change the page's length.
    $$('details.set-aside-fold', report).forEach(function (d) { d.addEventListener('toggle', afterLayout); });

    /* ---- The overview: every finding in reading order, one click away. */

    if (cards.length && rowsBox) {
      var nav = el('nav', 'overview');
      nav.id = 'overview';
      nav.setAttribute('aria-label', 'Overview of the changes');
      // Open on a wide screen; on a phone or in a frame, one line until asked for.
      var fold = el('details', 'overview-fold');
      fold.open = window.innerWidth >= 700 && !document.documentElement.classList.contains('embed');
      fold.appendChild(el('summary', 'overview-title', 'All ' + plural(cards.length, 'change', 'changes') + ' in reading order'));
      nav.appendChild(fold);
      fold.addEventListener('toggle', afterLayout);
      var list = el('ol', 'overview-list');
      cards.forEach(function (card) {
        var n = numberOf(card);
        var li = el('li');
        var a = el('a', 'overview-item kind-' + kindOf(card));
        a.href = '#' + card.id;
        a.setAttribute('data-finding', n);
        a.setAttribute('data-kind', kindOf(card));
        a.appendChild(el('span', 'overview-n', n));
        var label = $('.finding-label', card);
        a.appendChild(el('span', 'sr-only', ' ' + (label ? label.textContent : '')));
        if (label) a.title = n + ': ' + label.textContent;
        li.appendChild(a);
        list.appendChild(li);
      });
      fold.appendChild(list);
      var before = toolbar || $('.columns-head', report) || rowsBox;
      before.parentNode.insertBefore(nav, before);
      nav.addEventListener('click', function (e) {
        var a = e.target.closest ? e.target.closest('a.overview-item') : null;
        if (!a) return;
        e.preventDefault();
        var card = byNumber[a.getAttribute('data-finding')];
        if (card) select(card, true, true, true);
      });
    }

    /* ---- The marker strip along the scroll bar. */

    var strip = el('div', 'marker-strip');
    strip.setAttribute('aria-hidden', 'true');
    report.appendChild(strip);
    strip.addEventListener('click', function (e) {
      var m = e.target.closest ? e.target.closest('.marker') : null;
      var card = m && byNumber[m.getAttribute('data-finding')];
      if (card) select(card, true, true, true);
    });
    function drawStrip() {
      strip.textContent = '';
      var height = document.documentElement.scrollHeight;
      if (!height || report.classList.contains('exercise-on')) return;
      visibleCards().forEach(function (card) {
        var n = numberOf(card);
        var where = anchorTop(card) + window.pageYOffset;
        var m = el('div', 'marker kind-' + kindOf(card) + (cards.indexOf(card) === current ? ' is-current' : ''));
        m.setAttribute('data-finding', n);
        m.title = n + ': ' + ($('.finding-label', card) || card).textContent;
        m.style.top = (100 * where / height).toFixed(3) + '%';
        strip.appendChild(m);
      });
    }
    var pending = false;
    function afterLayout() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        noteStickyHeight();
        drawStrip();
        updatePosition();
        if (api.onLayout) api.onLayout();
      });
    }
    window.addEventListener('resize', afterLayout);

    /* ---- Clicks, fragments. */

    // Clicking a marked passage selects its finding.
    report.addEventListener('click', function (e) {
      var mark = e.target.closest ? e.target.closest('.finding-mark') : null;
      if (!mark || report.classList.contains('exercise-on')) return;
      var card = byNumber[mark.getAttribute('data-finding')];
      if (card) select(card, false, true);
    });

    // A #finding-N fragment opens the page at that finding, clear of the
    // toolbar; a fragment inside a fold (an "Also in" sentence) opens it.
    function fromHash(smooth) {
      var id = decodeURIComponent((location.hash || '').slice(1));
      if (!id) return;
      var target = document.getElementById(id);
      if (!target || !report.contains(target)) return;
      if (/^finding-\d+$/.test(id) && cards.indexOf(target) >= 0) {
        if (hidden[kindOf(target)]) setKindShown(kindOf(target), true);
        select(target, true, false, smooth);
        return;
      }
      unfoldAround(target);
      var top = target.getBoundingClientRect().top;
      if (top < stickyHeight() || top > window.innerHeight - 40) {
        window.scrollTo({ top: window.pageYOffset + top - stickyHeight() - 16, behavior: 'instant' });
      }
    }
    window.addEventListener('hashchange', function () { fromHash(true); });

    // Everything shown again: no kind hidden, "changes only" off.
    function showAll() {
      Object.keys(hidden).forEach(function (k) { if (hidden[k]) setKindShown(k, true); });
      if (only && only.checked) { only.checked = false; changesOnly = false; }
      opened = {};
      refold();
    }

    var api = {
      cards: cards,
      showAll: showAll,
      byNumber: byNumber,
      partsOf: partsOf,
      marksOf: marksOf,
      units: units,
      clearCurrent: clearCurrent,
      updatePosition: updatePosition,
      refold: refold,
      afterLayout: afterLayout,
      stickyHeight: stickyHeight,
      onLayout: null,
    };

    refold();
    noteStickyHeight();
    fromHash(false);
    updatePosition();
    drawStrip();
    window.addEventListener('load', afterLayout);
    return api;
  }

  /* The embed view's exercise for a class: the student marks the passages
     they think were changed, checks the marks, and reveals one change or
     all. Nothing gives an answer away before they ask. */
  function initExercise(report, api) {
    var box = $('#exercise', report);
    if (!box) return;
    var toggle = $('#exercise-toggle', box);
    var status = $('#exercise-status', box);
    var nextBtn = $('#reveal-next', box);
    var allBtn = $('#reveal-all', box);
    // Made here: the kinds to look for, the check, and its result.
    var kindsLine = el('p', 'exercise-kinds');
    kindsLine.id = 'exercise-kinds';
    var checkBtn = el('button', 'btn', 'Check my marks');
    checkBtn.type = 'button';
    checkBtn.id = 'exercise-check';
    var result = el('p', 'exercise-result');
    result.id = 'exercise-result';
    result.setAttribute('aria-live', 'polite');
    var help = el('p', 'exercise-help', 'Click a passage (or press Enter on it) to mark it “changed here”, then check your marks.');
    help.id = 'exercise-help';
    box.insertBefore(checkBtn, nextBtn);
    box.appendChild(result);
    // What to look for and how, under the controls: only the controls stay
    // at the top of the frame, so they take little of a phone's screen.
    var brief = el('div', 'exercise-brief');
    brief.appendChild(kindsLine);
    brief.appendChild(help);
    box.parentNode.insertBefore(brief, box.nextSibling);
    box.hidden = false;

    // What counts: the changes the aligner found, not the author's notes,
    // nor anything in captions and furniture.
    var counted = api.cards.filter(function (c) {
      return kindOf(c) !== 'note' && !c.closest('.set-aside-fold, .role-caption, .role-furniture');
    });
    // The sentences of each change: where its marks are, else its row's.
    function sentencesOf(card) {
      var n = numberOf(card);
      var found = [];
      api.marksOf(n).forEach(function (m) {
        var s = m.closest('.sentence');
        if (s && found.indexOf(s) < 0) found.push(s);
      });
      if (!found.length && card.closest('.row')) found = $$('.sentence', card.closest('.row'));
      return found;
    }
    var answers = counted.map(sentencesOf);
    var noted = [];
    api.cards.forEach(function (c) {
      if (counted.indexOf(c) < 0) sentencesOf(c).forEach(function (s) { noted.push(s); });
    });
    var markable = $$('#rows .row .sentence', report).filter(function (s) { return !s.closest('.set-aside-fold'); });
    var revealed = [];
    var checked = false;
    // What a screen reader would say of a changed word or a finding's
    // passage ("deletion", "highlighted"): silenced until revealed.
    var telling = $$('#rows .row del, #rows .row ins, #rows .row mark', report);

    /* ---- The two texts as they read, each in its own column: beside the
       aligned rows, a sentence facing an empty cell (or a row of its own)
       would tell the student where something was left out or added. The
       sentences move into their own text's paragraphs, each finding's card
       after the paragraph of its passage (shown once revealed); "reveal
       all" and leaving the exercise put everything back into the rows. */
    var rowsBox = $('#rows', report);
    var flow = null;
    var moved = [];
    function buildFlow() {
      if (flow || !rowsBox) return;
      var starts = {};
      (rowsBox.getAttribute('data-paragraphs') || '').split(' ').forEach(function (id) { if (id) starts[id] = true; });
      flow = el('div', 'exercise-flow');
      flow.id = 'exercise-flow';
      var cols = {};
      ['source', 'rewrite'].forEach(function (side) {
        var col = el('section', 'flow-col flow-' + side);
        var label = $('.columns-head .col-' + side, report);
        var head = el('h3', 'flow-head', label ? label.textContent.trim() : (side === 'source' ? 'Original' : 'Copy'));
        head.id = 'flow-head-' + side;
        col.setAttribute('aria-labelledby', head.id);
        col.appendChild(head);
        flow.appendChild(col);
        cols[side] = { col: col, para: null };
      });
      function keep(parent, nodes) { moved.push({ parent: parent, nodes: nodes }); }
      Array.prototype.slice.call(rowsBox.children).forEach(function (unit) {
        if (unit.classList.contains('folded-run')) {
          // Rows a very long report leaves out: said in both texts alike.
          ['source', 'rewrite'].forEach(function (side) {
            cols[side].col.appendChild(el('p', 'flow-gap', 'A part of this text is not shown here.'));
            cols[side].para = null;
          });
          return;
        }
        // Captions and furniture are not part of the exercise.
        if (!unit.classList.contains('row')) return;
        var notesSide = null;
        ['source', 'rewrite'].forEach(function (side) {
          var cell = $('.cell-' + side, unit);
          var sentences = cell ? $$(':scope > .sentence', cell) : [];
          if (!sentences.length) return;
          keep(cell, Array.prototype.slice.call(cell.childNodes));
          var c = cols[side];
          sentences.forEach(function (sentence) {
            if (!c.para || starts[sentence.id]) {
              c.para = el('p', 'flow-para' + (unit.classList.contains('role-heading') ? ' flow-heading' : ''));
              c.col.appendChild(c.para);
            } else {
              c.para.appendChild(document.createTextNode(' '));
            }
            c.para.appendChild(sentence);
          });
          notesSide = side;
        });
        var notes = $('.cell-notes', unit);
        if (notes && notesSide && $('.finding-card', notes)) {
          keep(unit, [notes]);
          cols[notesSide].col.appendChild(notes);
        }
      });
      // On a phone the copy comes after the whole original: one tap away.
      var jump = el('button', 'btn flow-jump', 'Go to the copy \u2193');
      jump.type = 'button';
      jump.addEventListener('click', function () {
        var head = $('#flow-head-rewrite', flow);
        window.scrollTo({ top: window.pageYOffset + head.getBoundingClientRect().top - box.offsetHeight - 8, behavior: 'instant' });
        head.setAttribute('tabindex', '-1');
        head.focus({ preventScroll: true });
      });
      cols.source.col.insertBefore(jump, cols.source.col.children[1]);
      rowsBox.parentNode.insertBefore(flow, rowsBox.nextSibling);
      report.classList.add('is-flowing');
    }
    function unflow() {
      if (!flow) return;
      moved.forEach(function (m) { m.nodes.forEach(function (n) { m.parent.appendChild(n); }); });
      moved = [];
      flow.parentNode.removeChild(flow);
      flow = null;
      report.classList.remove('is-flowing');
    }

    function kindsToFind() {
      var order = [];
      var byKind = {};
      counted.forEach(function (c) {
        var k = kindOf(c);
        if (!byKind[k]) { byKind[k] = { n: 0, label: ($('.finding-label', c) || c).textContent }; order.push(k); }
        byKind[k].n += 1;
      });
      return order.map(function (k) { return byKind[k].n + ' × ' + byKind[k].label; }).join(', ');
    }
    function marked() { return markable.filter(function (s) { return s.classList.contains('is-marked'); }); }
    function render() {
      var on = report.classList.contains('exercise-on');
      toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
      [nextBtn, allBtn, checkBtn, brief].forEach(function (b) { b.hidden = !on; });
      result.hidden = !on || !checked;
      if (!on) { status.textContent = ''; return; }
      var n = counted.length;
      var shown = counted.filter(function (c) { return revealed.indexOf(c) >= 0; }).length;
      status.textContent = shown === 0
        ? plural(n, 'change', 'changes') + ' to find'
        : shown + ' of ' + plural(n, 'change', 'changes') + ' revealed';
      kindsLine.textContent = n ? 'Look for: ' + kindsToFind() + '.' : '';
      nextBtn.disabled = shown >= n;
      allBtn.disabled = revealed.length >= api.cards.length;
      report.classList.toggle('all-revealed', revealed.length >= api.cards.length);
    }
    function setMarked(s, on) {
      s.classList.toggle('is-marked', on);
      s.setAttribute('aria-pressed', on ? 'true' : 'false');
    }
    function markableOn(on) {
      markable.forEach(function (s) {
        if (on) {
          s.setAttribute('tabindex', '0');
          s.setAttribute('role', 'button');
          s.setAttribute('aria-pressed', s.classList.contains('is-marked') ? 'true' : 'false');
        } else {
          ['tabindex', 'role', 'aria-pressed'].forEach(function (a) { s.removeAttribute(a); });
          s.classList.remove('is-marked', 'is-hit', 'is-wrong');
        }
      });
    }
    function check() {
      var marks = marked();
      var found = 0;
      var missed = [];
      answers.forEach(function (sentences, i) {
        var hit = sentences.some(function (s) { return s.classList.contains('is-marked'); });
        if (hit) found += 1; else missed.push(counted[i]);
      });
      var wrong = 0;
      marks.forEach(function (s) {
        var right = answers.some(function (list) { return list.indexOf(s) >= 0; });
        var neutral = !right && noted.indexOf(s) >= 0;
        s.classList.toggle('is-hit', right);
        s.classList.toggle('is-wrong', !right && !neutral);
        if (!right && !neutral) wrong += 1;
      });
      checked = true;
      var n = counted.length;
      result.textContent = 'Found ' + found + ' of ' + n + ' · missed ' + missed.length +
        ' · marked wrongly ' + wrong + ' · score ' + Math.max(0, found - wrong) + ' / ' + n + '.';
      render();
    }
    function reveal(card, scroll) {
      var n = numberOf(card);
      api.partsOf(n).forEach(function (e) { e.classList.add('is-revealed'); });
      api.marksOf(n).forEach(function (m) { m.removeAttribute('role'); });
      if (revealed.indexOf(card) < 0) revealed.push(card);
      if (scroll) {
        // This document only: the page around the iframe must not jump. The
        // card, and the passage in its own text's column above it where
        // both fit, else the card alone.
        var rect = function (e) { return e.getBoundingClientRect(); };
        var shown = function (e) { return e.getClientRects().length > 0; };
        var marks = api.marksOf(n).filter(shown);
        var col = card.closest('.flow-col');
        var near = marks.filter(function (m) { return col && m.closest('.flow-col') === col; })[0] || marks[0];
        var bar = box.offsetHeight + 16;
        var room = window.innerHeight - bar;
        var a, b;
        if (shown(card)) {
          a = rect(card).top; b = rect(card).bottom;
          if (near && Math.max(b, rect(near).bottom) - Math.min(a, rect(near).top) <= room) {
            a = Math.min(a, rect(near).top); b = Math.max(b, rect(near).bottom);
          }
        } else if (near) {
          a = rect(near).top; b = rect(near).bottom;
        } else {
          return;
        }
        var slack = Math.max(0, room - (b - a));
        window.scrollTo({ top: Math.max(0, window.pageYOffset + a - bar - slack / 3), behavior: 'instant' });
      }
    }
    function setMode(on) {
      report.classList.toggle('exercise-on', on);
      if (!on) {
        $$('.is-revealed', report).forEach(function (e) { e.classList.remove('is-revealed'); });
        report.classList.remove('all-revealed');
        revealed = [];
        checked = false;
        unflow();
      } else {
        buildFlow();
      }
      telling.forEach(function (e) { if (on) e.setAttribute('role', 'none'); else e.removeAttribute('role'); });
      // The exercise is of the whole text: nothing folded away by a filter.
      if (on) api.showAll();
      markableOn(on);
      api.clearCurrent();
      render();
      api.afterLayout();
    }
    function onSentence(e) {
      if (!report.classList.contains('exercise-on')) return;
      var s = e.target.closest ? e.target.closest('.sentence') : null;
      if (!s || markable.indexOf(s) < 0) return;
      if (e.type === 'keydown') {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
      }
      if (e.target.closest('a')) return;
      setMarked(s, !s.classList.contains('is-marked'));
      s.classList.remove('is-hit', 'is-wrong');
    }
    report.addEventListener('click', onSentence);
    report.addEventListener('keydown', onSentence);
    toggle.addEventListener('click', function () { setMode(!report.classList.contains('exercise-on')); });
    checkBtn.addEventListener('click', check);
    nextBtn.addEventListener('click', function () {
      // The first change not yet revealed: one the student missed, if checked.
      var left = counted.filter(function (c) { return revealed.indexOf(c) < 0; });
      var missed = left.filter(function (c) {
        return !sentencesOf(c).some(function (s) { return s.classList.contains('is-marked'); });
      });
      var card = (checked && missed.length ? missed : left)[0];
      if (card) reveal(card, true);
      render();
      api.afterLayout();
    });
    allBtn.addEventListener('click', function () {
      // Everything, the author's notes too: they explain the changes; and
      // the texts side by side again, row by row.
      unflow();
      telling.forEach(function (e) { e.removeAttribute('role'); });
      api.cards.forEach(function (c) { reveal(c, false); });
      render();
      api.afterLayout();
    });
    var wanted = /(^|[?&])exercise(=|&|$)/.test(location.search.slice(1)) || location.hash === '#exercise';
    setMode(wanted);
  }

  /* The embed view inside an iframe: its links open outside the frame, and
     it tells the page around it how tall it is, so that page can size the
     iframe (README: "Embedding a report"). */
  function initEmbed(report) {
    if (report) compactHeader(report);
    $$('a[href]', document).forEach(function (a) {
      if ((a.getAttribute('href') || '').charAt(0) === '#') return;
      a.setAttribute('target', '_blank');
      var rel = (a.getAttribute('rel') || '').split(/\s+/).filter(Boolean);
      if (rel.indexOf('noopener') < 0) rel.push('noopener');
      a.setAttribute('rel', rel.join(' '));
    });
    if (window.parent === window) return;
    var last = -1;
    function tell() {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: 'unspun:height', height: height, report: report ? report.getAttribute('data-report') : null }, '*');
    }
    if (window.ResizeObserver) new ResizeObserver(tell).observe(document.documentElement);
    window.addEventListener('load', tell);
    tell();
  }

  /* In a frame of a course page, the report's header takes two lines (the
     title, the key figures) so that the texts and the exercise's controls
     start within the frame: where each text was published, the author's
     summary and the links wait behind one disclosure. */
  function compactHeader(report) {
    var header = $('.report-header', report);
    if (!header) return;
    var parts = [$('.set-aside-line', header), $('.provenance', header), $('.report-links', header), $('.summary', report)]
      .filter(Boolean);
    if (!parts.length) return;
    var about = el('details', 'report-about');
    about.appendChild(el('summary', 'report-about-title', 'About this report'));
    parts.forEach(function (p) { about.appendChild(p); });
    header.appendChild(about);
  }

  /* The index page's table: its headers sort it (the search over every
     report is static/search.js). */
  function initIndex(table) {
    var tbody = table.tBodies[0];
    var rows = $$('tr.report-row', tbody);

    // Sorting: headers become buttons, unless the table is one page of many.
    var paged = table.hasAttribute('data-paged');
    $$('th[data-sort]', table).forEach(function (th) {
      if (paged) return;
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
  }

  /* The embed view's "Save as one file": the page as published, with its
     stylesheets and script written into it and a Content-Security-Policy
     that admits exactly those by hash, downloaded as one HTML file (to
     upload into a course, or open offline). The build writes each report
     once; the browser assembles the single file on demand. */
  function sha256Source(text) {
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)).then(function (buf) {
      var bytes = new Uint8Array(buf), bin = '';
      for (var i = 0; i < bytes.length; i += 1) bin += String.fromCharCode(bytes[i]);
      return "'sha256-" + btoa(bin) + "'";
    });
  }

  function fetchText(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (res) {
      if (!res.ok) throw new Error(url + ': ' + res.status);
      return res.text();
    });
  }

  /* The page at `here` as one HTML string, its stylesheets and scripts
     written in. The fetched page is parsed into an inert document, where
     each linked file is replaced by a marker; the files' text goes in only
     into the final string, so no style or script is ever applied here. */
  function oneFile(here) {
    return fetchText(here).then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      // The file is the embed view for good: the class the page's own inline
      // script would set from the address, and no inline script.
      doc.documentElement.classList.add('embed');
      $$('script:not([src])', doc).forEach(function (el) { el.parentNode.removeChild(el); });
      // A stylesheet for what the page does not have (code) stays out; the
      // icon is not the site's (a saved file asks for nothing).
      $$('link[data-needs]', doc).forEach(function (el) {
        if (!$(el.getAttribute('data-needs'), doc)) el.parentNode.removeChild(el);
      });
      $$('link[rel~="icon"]', doc).forEach(function (el) { el.setAttribute('href', 'data:,'); el.removeAttribute('type'); });
      var parts = $$('link[rel="stylesheet"][href], script[src]', doc).map(function (el, i) {
        var isScript = el.tagName === 'SCRIPT';
        var url = new URL(el.getAttribute(isScript ? 'src' : 'href'), here).href;
        var marker = 'unspun-inline-' + i;
        el.parentNode.replaceChild(doc.createComment(marker), el);
        return { marker: marker, script: isScript, url: url };
      });
      // What only works on the site: the button itself.
      $$('[data-site-only]', doc).forEach(function (el) { el.parentNode.removeChild(el); });
      // Links into the site lead to the published pages.
      $$('a[href]', doc).forEach(function (a) {
        var href = a.getAttribute('href');
        if (href.charAt(0) !== '#') a.setAttribute('href', new URL(href, here).href);
      });
      return Promise.all(parts.map(function (part) {
        return fetchText(part.url).then(function (text) {
          // Neither may close its element early.
          part.text = text.replace(/<\//g, '<\\/');
          return sha256Source(part.text).then(function (h) { part.hash = h; });
        });
      })).then(function () {
        var of = function (script) {
          return parts.filter(function (p) { return p.script === script; })
            .map(function (p) { return p.hash; }).join(' ') || "'none'";
        };
        var csp = $('meta[http-equiv="Content-Security-Policy" i]', doc);
        if (csp) {
          csp.setAttribute('content', "default-src 'none'; script-src " + of(true) + '; style-src ' + of(false) +
            "; img-src data:; object-src 'none'; base-uri 'none'; form-action 'none'");
        }
        var out = '<!DOCTYPE html>\n' + doc.documentElement.outerHTML + '\n';
        parts.forEach(function (p) {
          var tag = p.script ? 'script' : 'style';
          out = out.replace('<!--' + p.marker + '-->', function () { return '<' + tag + '>' + p.text + '</' + tag + '>'; });
        });
        return out;
      });
    });
  }

  function initSave(button) {
    // Not inside an iframe (a course page), nor where the browser lacks what it needs.
    if (window.self !== window.top || !window.fetch || !window.DOMParser || !window.Blob ||
        !window.TextEncoder || !(window.crypto && crypto.subtle) || !window.URL) return;
    var holder = button.closest('[data-site-only]') || button;
    var status = $('#save-status');
    holder.hidden = false;
    button.addEventListener('click', function () {
      button.disabled = true;
      if (status) status.textContent = 'Preparing the file\u2026';
      oneFile(location.href.split('#')[0]).then(function (html) {
        var a = document.createElement('a');
        a.href = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
        a.download = button.getAttribute('data-file') || 'report.html';
        a.hidden = true;
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.parentNode.removeChild(a); }, 1000);
        if (status) status.textContent = 'Saved as ' + a.download + '.';
      }).catch(function () {
        if (status) status.textContent = 'The file could not be made: open the page through its web address, not as a file.';
      }).then(function () { button.disabled = false; });
    });
  }

  function init() {
    // The report page's inline script marks its embed view before it is drawn.
    var embedView = document.documentElement.classList.contains('embed');
    var save = $('#save-one-file');
    if (save && embedView) initSave(save);
    var report = $('#report');
    if (report) {
      var api = initReport(report);
      if (embedView) initExercise(report, api);
    }
    if (embedView) initEmbed(report);
    var table = $('#report-index');
    if (table) initIndex(table);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
