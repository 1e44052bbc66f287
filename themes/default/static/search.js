/* unspun: the search box on the index page.

   Finds reports by title, site of the copy, original, a name in the
   findings (person or place), or a
   phrase in quotes ("stays on the table") over the text of the copy and of
   the original. The index (search/index.json, made at build time, without
   the texts) is loaded on first focus or keystroke; the texts, in parts
   (search/text-N.json), only when a query first has a phrase in quotes.
   Both are searched here, in the browser: nothing is sent to any other
   host. No eval, no inline script, no innerHTML: results are built with DOM
   methods, so text from an article can never run.

   The form carries two data attributes:
     data-base   the site's base path, e.g. /project/ (put before result paths)
     data-index  the URL of search/index.json
   Text is folded as src/search.rs `normalize` does: lowercase, every run of
   characters that are not letters or digits becomes one space. */
(function () {
  'use strict';

  var form = document.getElementById('site-search');
  if (!form || !window.fetch || !document.querySelector) return;
  var input = form.querySelector('input[type="search"]');
  var status = document.getElementById('site-search-status');
  var list = document.getElementById('site-search-results');
  if (!input || !list) return;
  var base = form.getAttribute('data-base') || '/';
  var indexUrl = form.getAttribute('data-index') || base + 'search/index.json';
  var MAX_RESULTS = 50;

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

  var index = null;
  var loading = null;
  var failed = false;

  function say(text) {
    if (status) status.textContent = text;
  }

  var NO_TEXT = { text: [], folded: [], all: '' };

  function prepare(data) {
    var sources = data.sources || {};
    Object.keys(sources).forEach(function (slug) {
      var s = sources[slug];
      s.body = NO_TEXT;
      s.meta = fold([s.title, s.publisher, s.author || ''].join(' | '));
    });
    (data.reports || []).forEach(function (r, i) {
      r.order = i;
      r.src = sources[r.source] || { title: '', publisher: '', body: NO_TEXT, meta: ' ' };
      r.body = NO_TEXT;
      r.fTitle = fold(r.title);
      r.fSite = fold(r.site + ' | ' + r.slug);
      r.fPeople = fold((r.names || []).join(' | ') + ' | ' + (r.src.author || ''));
    });
    data.bySlug = {};
    (data.reports || []).forEach(function (r) { data.bySlug[r.slug] = r; });
    return data;
  }

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
        say('');
        run();
      })
      .catch(function () {
        failed = true;
        say('The search index could not be loaded. Open the site through a web server (unspun serve) rather than as a file.');
      });
    return loading;
  }

  /* The texts, part after part; a search is run again as each arrives. */
  var texts = { parts: 0, loading: false, failed: false };

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
        Object.keys(part.reports || {}).forEach(function (slug) {
          var r = index.bySlug[slug];
          if (r) r.body = body(part.reports[slug]);
        });
        Object.keys(part.sources || {}).forEach(function (slug) {
          var s = index.sources[slug];
          if (s) s.body = body(part.sources[slug]);
        });
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

  /* Index of the first sentence whose folded text contains needle, or -1. */
  function sentenceWith(folded, needle) {
    for (var i = 0; i < folded.length; i += 1) {
      if (folded[i].indexOf(needle) >= 0) return i;
    }
    return -1;
  }

  function score(r, q) {
    var total = 0, snippet = null, person = null;
    function textHit(needle, weightCopy, weightSource) {
      var copy = r.body, original = r.src.body;
      if (copy.all.indexOf(needle) >= 0) {
        if (!snippet) snippet = { where: 'copy', text: copy.text[sentenceWith(copy.folded, needle)] };
        return weightCopy;
      }
      if (original.all.indexOf(needle) >= 0) {
        if (!snippet) snippet = { where: 'original', text: original.text[sentenceWith(original.folded, needle)] };
        return weightSource;
      }
      return 0;
    }
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
      var s = fieldHit(phrase) || textHit(phrase, 3, 2);
      if (!s) return null;
      total += s;
    }
    for (var j = 0; j < q.terms.length; j += 1) {
      var term = ' ' + q.terms[j];
      var t = fieldHit(term);
      if (!t) return null;
      total += t;
    }
    var people = [];
    if (person) {
      (r.names || []).forEach(function (p) {
        if (fold(p).indexOf(person) >= 0) people.push(p);
      });
    }
    return { report: r, score: total, snippet: snippet, people: people };
  }

  function escapeRe(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  /* Appends text to el, with the words of `needles` marked. */
  function appendMarked(el, text, needles) {
    var parts = needles.map(function (n) {
      return n.split(' ').map(escapeRe).join('[^\\p{Alphabetic}\\p{N}]+');
    }).filter(Boolean);
    var re = null;
    if (parts.length) {
      try { re = new RegExp('(' + parts.join('|') + ')', 'giu'); } catch (e) { re = null; }
    }
    if (!re) { el.appendChild(document.createTextNode(text)); return; }
    var last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === '') { re.lastIndex += 1; continue; }
      if (m.index > last) el.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement('mark');
      mark.textContent = m[0];
      el.appendChild(mark);
      last = m.index + m[0].length;
    }
    if (last < text.length) el.appendChild(document.createTextNode(text.slice(last)));
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function render(results, q) {
    while (list.firstChild) list.removeChild(list.firstChild);
    var needles = q.phrases.concat(q.terms);
    results.slice(0, MAX_RESULTS).forEach(function (hit) {
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
        ' \u00b7 ' + r.findings + (r.findings === 1 ? ' change' : ' changes')));
      li.appendChild(meta);
      if (hit.people.length) {
        li.appendChild(el('p', 'search-people', 'Names: ' + hit.people.join(', ')));
      }
      if (hit.snippet && hit.snippet.text) {
        var p = el('p', 'search-snippet');
        p.appendChild(el('span', 'search-where', hit.snippet.where === 'copy' ? 'In the copy: ' : 'In the original: '));
        appendMarked(p, hit.snippet.text, needles);
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
  }

  function run() {
    var query = input.value.trim();
    if (!query) {
      render([], { phrases: [], terms: [] });
      say('');
      return;
    }
    if (!index) { load(); return; }
    var q = parse(query);
    if (!q.phrases.length && !q.terms.length) { render([], q); say(''); return; }
    var results = [];
    index.reports.forEach(function (r) {
      var hit = score(r, q);
      if (hit) results.push(hit);
    });
    results.sort(function (x, y) { return y.score - x.score || x.report.order - y.report.order; });
    render(results, q);
    var n = results.length;
    var partial = '';
    if (q.phrases.length && !textsLoaded()) {
      loadTexts();
      partial = texts.failed ? ' The texts could not all be loaded; phrases were searched in part of them.' :
        ' Searching the texts\u2026 (' + texts.parts + ' of ' + index.text.length + ' parts)';
    }
    say((n === 0 ? 'No report matches.' :
      n === 1 ? '1 report matches.' :
      n > MAX_RESULTS ? n + ' reports match; the first ' + MAX_RESULTS + ' are shown.' :
      n + ' reports match.') + partial);
  }

  var timer = null;
  input.addEventListener('focus', load);
  input.addEventListener('input', function () {
    load();
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, 80);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') {
      var first = list.querySelector('a');
      if (first) { e.preventDefault(); first.focus(); }
    } else if (e.key === 'Escape') {
      input.value = '';
      run();
    }
  });
  list.addEventListener('keydown', function (e) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    var links = Array.prototype.slice.call(list.querySelectorAll('a'));
    var at = links.indexOf(document.activeElement);
    if (at < 0) return;
    e.preventDefault();
    if (e.key === 'ArrowDown' && at + 1 < links.length) links[at + 1].focus();
    else if (e.key === 'ArrowUp') (at > 0 ? links[at - 1] : input).focus();
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    run();
  });

  form.hidden = false;
  /* A search can be linked: index.html?search=%22stays+on+the+table%22 */
  var preset = new URLSearchParams(window.location.search).get('search');
  if (preset) {
    input.value = preset;
    load();
  }
}());
