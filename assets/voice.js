// "Dengarkan": reads a question or message aloud, in plain JavaScript so it works even while the
// connection to the server is down (Reflex's event queue stalls then).
// 1. Prefer an on-device speechSynthesis voice for the page's language: Indonesian (id-ID, id_ID,
//    in-ID) for Indonesian and Minang, English for English. Voices load late: wait for voiceschanged.
// 2. Without one, play the pre-made audio files (assets/voice, rendered with espeak-ng) named by
//    the button's message ids; dynamic parts (names, numbers) are then left out, not read wrongly.
// Never let an English voice read Indonesian or Minang. Speech stops when the page changes or
// another prompt starts.
(function () {
  if (window.__padukoVoice) return;
  var api = window.__padukoVoice = {};
  var synth = window.speechSynthesis;
  var audio = null, queue = [], interacted = false;

  function pageLang() { return (document.documentElement.lang || 'id').toLowerCase(); }
  function wanted(lang) { return lang === 'en' ? /^en([-_]|$)/i : /^(id|in)([-_]|$)/i; }

  function voices() {
    return new Promise(function (resolve) {
      if (!synth) return resolve([]);
      var list = synth.getVoices();
      if (list && list.length) return resolve(list);
      var done = false;
      function finish() { if (!done) { done = true; resolve(synth.getVoices() || []); } }
      synth.addEventListener('voiceschanged', finish, { once: true });
      setTimeout(finish, 1500);
    });
  }

  api.stop = function () {
    queue = [];
    if (synth) synth.cancel();
    if (audio) { audio.pause(); audio = null; }
  };

  function textOf(button) {
    return (button.dataset.voiceTargets || '').split(/\s+/).filter(Boolean).map(function (id) {
      var el = document.getElementById(id);
      return el ? el.innerText.trim() : '';
    }).filter(Boolean).join('. ');
  }

  // Which audio file says a prompt: small index files per language and bucket of message ids
  // (paduko_app/voice.py writes them), fetched on the first press that needs them, never before.
  var BUCKETS = 32; // paduko_app.voice.INDEX_BUCKETS
  var indexes = {}; // "lang-bucket" -> promise of {message id: audio hash}
  var known = {}; // lang -> {message id: audio hash}, from the indexes fetched so far
  var recorded = null; // promise of the prompts an admin replaced with a human recording, per language
  function bucket(id) { // 32-bit FNV-1a, as paduko_app.voice.index_bucket
    var h = 0x811c9dc5;
    for (var i = 0; i < id.length; i++) { h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0; }
    var b = h % BUCKETS;
    return (b < 16 ? '0' : '') + b.toString(16);
  }
  function index(lang, id) {
    var key = lang + '-' + bucket(id);
    if (!indexes[key]) {
      indexes[key] = fetch('/voice/index/' + key + '.json')
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (table) { known[lang] = Object.assign(known[lang] || {}, table); })
        .catch(function () { delete indexes[key]; });
    }
    return indexes[key];
  }

  function playNext(lang, humans) {
    var id = queue.shift();
    if (!id) { audio = null; return; }
    var human = humans && humans[lang] && humans[lang].indexOf(id) >= 0;
    var hash = known[lang] && known[lang][id];
    if (!human && !hash) return playNext(lang, humans);
    if (human) return start(new Audio('/api/suara/' + lang + '/' + encodeURIComponent(id)), lang, humans);
    // Fetched whole (not streamed by the audio element in ranges) so that the service worker can
    // keep it: a prompt played once plays again without a network.
    var source = '/voice/' + lang + '/' + hash + '.mp3';
    var mine = audio = {pause: function () {}};
    fetch(source).then(function (r) { return r.ok ? r.blob() : Promise.reject(r.status); })
      .then(function (blob) {
        if (audio !== mine) return; // stopped or replaced meanwhile
        var url = URL.createObjectURL(blob);
        var element = new Audio(url);
        element.dataset.source = source; // which prompt this is (tests, debugging)
        start(element, lang, humans);
        element.addEventListener('ended', function () { URL.revokeObjectURL(url); });
      }).catch(function () { if (audio === mine) playNext(lang, humans); });
  }

  function start(element, lang, humans) {
    audio = element;
    element.onended = function () { playNext(lang, humans); };
    element.play().catch(function () {});
    return element;
  }

  function playFiles(button, lang) {
    var ids = (button.dataset.voiceIds || '').split(/\s+/).filter(Boolean);
    queue = ids;
    if (!recorded) {
      recorded = fetch('/api/suara/daftar').then(function (r) { return r.json(); })
        .catch(function () { recorded = null; return {}; });
    }
    var mine = queue;
    Promise.all([recorded].concat(ids.map(function (id) { return index(lang, id); })))
      .then(function (done) { if (queue === mine) playNext(lang, done[0]); });
  }

  api.speak = function (button) {
    api.stop();
    var lang = pageLang();
    voices().then(function (list) {
      var voice = (list || []).filter(function (v) { return wanted(lang).test(v.lang); })[0];
      if (voice && synth) {
        var u = new SpeechSynthesisUtterance(textOf(button));
        u.voice = voice; u.lang = voice.lang; u.rate = 0.9;
        synth.speak(u);
      } else {
        playFiles(button, lang);
      }
    });
  };

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-voice-targets]');
    if (button) api.speak(button);
  });
  // Reading each new page aloud needs one touch first (browsers refuse speech before that).
  ['pointerdown', 'keydown'].forEach(function (name) {
    document.addEventListener(name, function () { interacted = true; }, { capture: true, once: true });
  });
  var lastHeading = '';
  function pageChanged() {
    api.stop();
    var h = document.querySelector('main h1');
    var text = h ? h.innerText : '';
    if (text === lastHeading) return;
    lastHeading = text;
    if (interacted && localStorage.getItem('paduko_autoread') === '1') {
      var first = document.querySelector('main [data-voice-targets]');
      if (first) setTimeout(function () { api.speak(first); }, 300);
    }
  }
  ['pushState', 'replaceState'].forEach(function (name) {
    var original = history[name];
    history[name] = function () { var r = original.apply(this, arguments); setTimeout(pageChanged, 200); return r; };
  });
  window.addEventListener('popstate', function () { setTimeout(pageChanged, 200); });
  window.addEventListener('pagehide', api.stop);
  new MutationObserver(function () {
    var h = document.querySelector('main h1');
    if (h && h.innerText !== lastHeading) pageChanged();
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
})();
