/* unspun: the one search of the index page.

   One box over every report of the site, whichever page of the listing it
   is on: as the reader types, the listed reports give way to those that
   match (title, site of the copy, original, its publisher or author, a name
   in the findings), narrowed by the filters beside it (site, original, kind
   of change); a "phrase in quotes" is looked for in the texts of the copy
   and the original, and each place it stands links to that passage on the
   report page (#r<id> in the copy, #s<id> in the original). Emptied, the
   box gives the listing and its pages back.

   The index (search/index.json, made at build time, without the texts) is
   loaded when the reader first uses the search; the texts, in parts
   (search/text-N.json), only when a query first has a phrase in quotes.
   Both are searched here, in the browser: nothing is sent to any other
   host. No eval, no inline script, no innerHTML: results are built with DOM
   methods, so text from an article can never run.

   The form carries two data attributes:
     data-base   the site's base path, e.g. /project/ (put before result paths)
     data-index  the URL of search/index.json
   Text is folded as src/search.rs `normalize` does: lowercase, every run of
   characters that are not letters or digits becomes one space.
   A search can be linked: ?search=…&site=…&source=…&kind=… (the address
   follows the search, so Back from a report returns to the results). */
(function () {
  'use strict';

  var form = document.getElementById('site-search');
  if (!form || !window.fetch || !document.querySelector || !window.URLSearchParams) return;
  var input = document.getElementById('site-search-input');
  var status = document.getElementById('site-search-status');
  var list = document.getElementById('site-search-results');
  if (!input || !list) return;
  var filters = {
    site: document.getElementById('filter-site'),
    source: document.getElementById('filter-source'),
    kind: document.getElementById('filter-kind'),
  };
  /* The filters' fold: open on a screen wide enough to show them beside the
     box; on a phone its summary says how many are on. */
  var filtersFold = document.getElementById('search-filters');
  var summary = filtersFold ? filtersFold.querySelector('summary') : null;
  var summaryText = summary ? summary.textContent : '';
  var wide = window.matchMedia ? window.matchMedia('(min-width: 40.01rem)') : null;
  function openWhenWide() {
    if (filtersFold && wide && wide.matches) filtersFold.open = true;
  }
  if (wide && wide.addEventListener) wide.addEventListener('change', openWhenWide);
  openWhenWide();
  /* What the search stands in for while it is on: the listing and its pages. */
  var listing = [document.querySelector('.table-wrap'), document.querySelector('.pagination')].filter(Boolean);
  var base = form.getAttribute('data-base') || '/';
  var indexUrl = form.getAttribute('data-index') || base + 'search/index.json';
  var PAGE = 50;          // results shown at first, and added by "Show more"
  var PLACES = 3;         // passages shown for a report

  var NON_WORD;
  try {
    NON_WORD = new RegExp('[^\\p{Alphabetic}\\p{N}]+', 'gu');
  } catch (e) {
    NON_WORD = /[^0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+/g;
  }

  /* " word word " : spaces at both ends so matches can be anchored on words. */
  function fold(text) {
    var f = String(text || '').toLowerCase().replace(NON_WORD, ' ').trim();
    return f ? ' ' + f + ' ' : ' ';
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  /* ---- The index, loaded on first use. */

  var index = null;
  var loading = null;
  var failed = false;
  var NO_TEXT = { text: [], folded: [], all: '' };

  function prepare(data) {
    var sources = data.sources || {};
    Object.keys(sources).forEach(function (slug) {
      var s = sources[slug];
      s.body = NO_TEXT;
      s.meta = fold([s.title, s.publisher, s.author || ''].join(' | '));
    });
    data.reports = data.reports || [];
    data.bySlug = {};
    data.reports.forEach(function (r, i) {
      r.order = i;
      r.src = sources[r.source] || { title: '', publisher: '', body: NO_TEXT, meta: ' ' };
      r.body = NO_TEXT;
      r.fTitle = fold(r.title);
      r.fSite = fold(r.site + ' | ' + r.slug);
      r.fPeople = fold((r.names || []).join(' | ') + ' | ' + (r.src.author || ''));
      data.bySlug[r.slug] = r;
    });
    return data;
  }

  /* A text part's sentences stand at their ids; furniture is "". */
  function body(text) {
    var folded = (text || []).map(fold);
    return { text: text || [], folded: folded, all: folded.join('\n') };
  }

  function fetchJson(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (res) {
      if (!res.ok) throw new Error(res.status + ' ' + res.statusText);
      return res.json();
    });
  }

  function load() {
    if (index || loading || failed) return loading;
    say('Loading the search index\u2026');
    loading = fetchJson(indexUrl)
      .then(function (data) {
        index = prepare(data);
        fillFilters();
        run();
      })
      .catch(function () {
        failed = true;
        say('The search index could not be loaded. Open the site through a web server (unspun serve) rather than as a file.');
      });
    return loading;
  }

  /* A listing of many pages does not carry every site and original in its
     filters: they come from the index. */
  function fillFilters() {
    function fill(select, values) {
      if (!select || select.options.length > 1) return;
      var wanted = select.getAttribute('data-wanted');
      Object.keys(values).sort(function (a, b) { return values[a].name.localeCompare(values[b].name); })
        .forEach(function (value) {
          var o = el('option', '', values[value].name + ' (' + values[value].count + ')');
          o.value = value;
          select.appendChild(o);
        });
      if (wanted) select.value = wanted;
    }
    var sites = {}, sources = {};
    index.reports.forEach(function (r) {
      (sites[r.site] = sites[r.site] || { name: r.site, count: 0 }).count += 1;
      (sources[r.source] = sources[r.source] || { name: r.src.title, count: 0 }).count += 1;
    });
    fill(filters.site, sites);
    fill(filters.source, sources);
  }

  /* The texts, part after part; the search runs again as each arrives. */
  var texts = { parts: 0, loading: false, failed: false };

  /* Copies whose text has come. A copy's sentence that its original has
     word for word comes as that sentence's id in the original, whose text
     may come in a later part: a copy waits for it. */
  var waiting = [];
  function isId(t) { return typeof t === 'number'; }
  function fillCopies() {
    waiting = waiting.filter(function (r) {
      var original = r.src.body;
      if (r.raw.some(isId) && original === NO_TEXT) return true;
      r.body = body(r.raw.map(function (t) { return isId(t) ? original.text[t] || '' : t; }));
      r.raw = null;
      return false;
    });
  }

  function textsLoaded() {
    return index && texts.parts === (index.text || []).length;
  }

  function loadTexts() {
    if (texts.loading || texts.failed || textsLoaded()) return;
    texts.loading = true;
    var files = index.text || [];
    (function next() {
      if (texts.parts >= files.length) { texts.loading = false; run(); return; }
      fetchJson(base + files[texts.parts]).then(function (part) {
        Object.keys(part.sources || {}).forEach(function (slug) {
          var s = index.sources[slug];
          if (s) s.body = body(part.sources[slug]);
        });
        Object.keys(part.reports || {}).forEach(function (slug) {
          var r = index.bySlug[slug];
          if (r) {
            r.raw = part.reports[slug];
            waiting.push(r);
          }
        });
        fillCopies();
        texts.parts += 1;
        run();
        next();
      }).catch(function () {
        texts.loading = false;
        texts.failed = true;
        run();
      });
    }());
  }

  /* ---- Matching. */

  /* Quoted parts are phrases; other words are terms matched at word starts. */
  function parse(query) {
    var phrases = [], terms = [];
    var re = /"([^"]*)"?|\u201c([^\u201d]*)\u201d?|(\S+)/g;
    var m;
    while ((m = re.exec(query)) !== null) {
      if (m[3] !== undefined) {
        var t = fold(m[3]).trim();
        if (t) terms.push(t);
      } else {
        var p = fold(m[1] !== undefined ? m[1] : m[2]).trim();
        if (p) phrases.push(p);
      }
    }
    return { phrases: phrases, terms: terms };
  }

  function chosen() {
    return {
      site: filters.site ? filters.site.value : '',
      source: filters.source ? filters.source.value : '',
      kind: filters.kind ? filters.kind.value : '',
    };
  }

  function passesFilters(r, f) {
    return (!f.site || r.site === f.site) && (!f.source || r.source === f.source) &&
      (!f.kind || (r.kinds || []).indexOf(f.kind) >= 0);
  }

  /* The passages of one side that hold `needle`, by sentence id. */
  function placesIn(side, where, needle, out) {
    if (side.all.indexOf(needle) < 0) return;
    side.folded.forEach(function (f, id) {
      if (f.indexOf(needle) >= 0) out.push({ where: where, id: id, text: side.text[id] });
    });
  }

  function score(r, q) {
    var total = 0, person = null, places = [];
    function fieldHit(needle) {
      if (r.fTitle.indexOf(needle) >= 0) return 10;
      if (r.fPeople.indexOf(needle) >= 0) {
        person = person || needle;
        return 8;
      }
      if (r.fSite.indexOf(needle) >= 0) return 6;
      if (r.src.meta.indexOf(needle) >= 0) return 5;
      return 0;
    }
    for (var i = 0; i < q.phrases.length; i += 1) {
      var phrase = ' ' + q.phrases[i] + ' ';
      var before = places.length;
      placesIn(r.body, 'copy', phrase, places);
      var inCopy = places.length > before;
      placesIn(r.src.body, 'original', phrase, places);
      var s = fieldHit(phrase) || (inCopy ? 3 : places.length > before ? 2 : 0);
      if (!s) return null;
      total += s;
    }
    for (var j = 0; j < q.terms.length; j += 1) {
      var t = fieldHit(' ' + q.terms[j]);
      if (!t) return null;
      total += t;
    }
    var people = [];
    if (person) {
      (r.names || []).forEach(function (p) {
        if (fold(p).indexOf(person) >= 0) people.push(p);
      });
    }
    return { report: r, score: total, places: places, people: people };
  }

  /* ---- Showing the results. */

  function escapeRe(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  /* A pattern for the words of `needles` in unfolded text, or null. */
  function needlePattern(needles) {
    var parts = needles.map(function (n) {
      return n.split(' ').map(escapeRe).join('[^\\p{Alphabetic}\\p{N}]+');
    }).filter(Boolean);
    if (!parts.length) return null;
    try { return new RegExp('(' + parts.join('|') + ')', 'giu'); } catch (e) { return null; }
  }

  /* A long sentence cut to the words around its first match, so that a
     result stays a few lines long. */
  var BEFORE = 60, AFTER = 160;
  function excerpt(text, needles) {
    if (text.length <= BEFORE + AFTER) return text;
    var re = needlePattern(needles);
    var m = re ? re.exec(text) : null;
    var at = m ? m.index : 0;
    var matched = at + (m ? m[0].length : 0);
    var start = Math.max(0, at - BEFORE);
    var end = Math.min(text.length, Math.max(matched, start + AFTER));
    // Cut between words, never into the match.
    var space = text.indexOf(' ', start);
    if (start > 0 && space >= 0 && space < at) start = space + 1;
    space = text.lastIndexOf(' ', end);
    if (end < text.length && space > matched) end = space;
    return (start > 0 ? '\u2026' : '') + text.slice(start, end) + (end < text.length ? '\u2026' : '');
  }

  /* Appends text to node, with the words of `needles` marked. */
  function appendMarked(node, text, needles) {
    var re = needlePattern(needles);
    if (!re) { node.appendChild(document.createTextNode(text)); return; }
    var last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === '') { re.lastIndex += 1; continue; }
      if (m.index > last) node.appendChild(document.createTextNode(text.slice(last, m.index)));
      node.appendChild(el('mark', '', m[0]));
      last = m.index + m[0].length;
    }
    if (last < text.length) node.appendChild(document.createTextNode(text.slice(last)));
  }

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  function renderHit(hit, needles) {
    var r = hit.report;
    var li = el('li', 'search-result');
    var a = el('a', 'search-title');
    a.href = base + r.path;
    appendMarked(a, r.title, needles);
    li.appendChild(a);
    var meta = el('p', 'search-meta');
    meta.appendChild(document.createTextNode('Copy on ' + r.site + ' of \u201c'));
    appendMarked(meta, r.src.title, needles);
    meta.appendChild(document.createTextNode('\u201d (' + r.src.publisher + ') \u00b7 ' + r.date +
      ' \u00b7 ' + plural(r.findings, 'change', 'changes')));
    li.appendChild(meta);
    if (hit.people.length) li.appendChild(el('p', 'search-people', 'Names: ' + hit.people.join(', ')));
    if (hit.places.length) {
      var places = el('ul', 'search-places');
      hit.places.slice(0, PLACES).forEach(function (p) {
        var item = el('li', 'search-snippet');
        var link = el('a');
        link.href = base + r.path + '#' + (p.where === 'copy' ? 'r' : 's') + p.id;
        link.appendChild(el('span', 'search-where', p.where === 'copy' ? 'In the copy: ' : 'In the original: '));
        appendMarked(link, excerpt(p.text, needles), needles);
        item.appendChild(link);
        places.appendChild(item);
      });
      li.appendChild(places);
      if (hit.places.length > PLACES) {
        li.appendChild(el('p', 'search-more-places', 'and ' + plural(hit.places.length - PLACES, 'more place', 'more places') + ' in this report'));
      }
    }
    return li;
  }

  var shown = PAGE;
  var results = [];
  var lastQuery = null;

  function render(q) {
    while (list.firstChild) list.removeChild(list.firstChild);
    var needles = q.phrases.concat(q.terms);
    results.slice(0, shown).forEach(function (hit) { list.appendChild(renderHit(hit, needles)); });
    if (results.length > shown) {
      var li = el('li', 'search-show-more');
      var more = el('button', 'btn', 'Show ' + Math.min(PAGE, results.length - shown) + ' more');
      more.type = 'button';
      more.addEventListener('click', function () {
        var at = shown;
        shown += PAGE;
        render(q);
        var first = list.children[at] && list.children[at].querySelector('a');
        if (first) first.focus();
      });
      li.appendChild(more);
      list.appendChild(li);
    }
  }

  /* While a search is on, its results stand in for the listing. */
  function searching(on) {
    list.hidden = !on;
    listing.forEach(function (e) { e.hidden = on; });
  }

  /* The address follows the search, so it can be shared and Back returns to it. */
  function remember(query, f) {
    if (!window.history || !history.replaceState) return;
    var params = new URLSearchParams(window.location.search);
    [['search', query], ['site', f.site], ['source', f.source], ['kind', f.kind]].forEach(function (kv) {
      if (kv[1]) params.set(kv[0], kv[1]); else params.delete(kv[0]);
    });
    params.delete('q');
    var search = params.toString();
    var url = window.location.pathname + (search ? '?' + search : '') + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) history.replaceState(null, '', url);
  }

  function run() {
    var query = input.value.trim();
    var f = chosen();
    var key = JSON.stringify([query, f]);
    if (key !== lastQuery) shown = PAGE;
    lastQuery = key;
    remember(query, f);
    var on = [f.site, f.source, f.kind].filter(Boolean).length;
    if (summary) summary.textContent = summaryText + (on ? ' (' + on + ' on)' : '');
    if (on && filtersFold) filtersFold.open = true;
    var q = parse(query);
    if (!q.phrases.length && !q.terms.length && !on) {
      results = [];
      render(q);
      searching(false);
      say('');
      return;
    }
    if (!index) { load(); return; }
    results = [];
    index.reports.forEach(function (r) {
      if (!passesFilters(r, f)) return;
      var hit = score(r, q);
      if (hit) results.push(hit);
    });
    results.sort(function (x, y) { return y.score - x.score || x.report.order - y.report.order; });
    render(q);
    searching(true);
    var n = results.length;
    var partial = '';
    if (q.phrases.length && !textsLoaded()) {
      loadTexts();
      partial = texts.failed ? ' The texts could not all be loaded; phrases were looked for in part of them.' :
        ' Searching the texts\u2026 (' + texts.parts + ' of ' + index.text.length + ' parts)';
    }
    var of = ' of ' + index.reports.length;
    say((n === 0 ? 'No report matches.' :
      n === 1 ? '1 report' + of + ' matches.' :
      n + ' reports' + of + ' match' + (n > shown ? '; the first ' + shown + ' are shown.' : '.')) + partial);
  }

  /* ---- Keyboard, events, and a search given in the address. */

  var timer = null;
  form.addEventListener('focusin', load);
  input.addEventListener('input', function () {
    load();
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, 80);
  });
  Object.keys(filters).forEach(function (k) {
    if (filters[k]) filters[k].addEventListener('change', function () { load(); run(); });
  });
  function links() {
    return Array.prototype.slice.call(list.querySelectorAll('a, button'));
  }
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') {
      var first = links()[0];
      if (first) { e.preventDefault(); first.focus(); }
    } else if (e.key === 'Escape' && input.value) {
      e.preventDefault();
      input.value = '';
      run();
    }
  });
  list.addEventListener('keydown', function (e) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (e.key === 'Escape') { e.preventDefault(); input.focus(); return; }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    if (e.key === 'ArrowDown' && at + 1 < all.length) all[at + 1].focus();
    else if (e.key === 'ArrowUp') (at > 0 ? all[at - 1] : input).focus();
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    run();
  });

  form.hidden = false;
  var params = new URLSearchParams(window.location.search);
  var preset = params.get('search') || params.get('q') || '';
  Object.keys(filters).forEach(function (k) {
    var v = params.get(k);
    if (!v || !filters[k]) return;
    filters[k].value = v;
    // Options that come with the index are chosen once they are there.
    if (filters[k].value !== v) filters[k].setAttribute('data-wanted', v);
    preset = preset || ' ';
  });
  if (preset) {
    input.value = preset.trim();
    load();
  }
}());
