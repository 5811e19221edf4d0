// Sends a chosen photo or scan to PADUKO's upload route with a progress bar, then keeps only
// the returned key in the form's hidden field. Plain JavaScript, outside Reflex's event queue.
// A send cut off by the network (or refused for a while by a busy server) keeps the chosen file
// here: "Coba lagi" sends it again, and so does the connection coming back, so nothing is chosen
// or answered twice. The server gives a photo sent again the key it already stored.
(function () {
  if (window.__padukoUpload) return;
  window.__padukoUpload = true;
  function byId(id) { return document.getElementById(id); }
  var waiting = {};   // field name -> {input, file, hidden}: a send to try again
  var sending = {};   // field name -> the XMLHttpRequest in flight

  // Worth trying again: no answer at all, or the server (or a proxy) busy or failing for now.
  function retriable(status) { return status === 0 || status === 408 || status === 429 || status >= 500; }

  // The texts in the page's language sit once on the buttons' row, beside the field's status line.
  function text(name, key) {
    var status = byId(name + '-status'), row = status && status.parentNode.querySelector('[data-msg-done]');
    return row ? row.dataset[key] : '';
  }

  function send(input, file) {
    var name = input.dataset.uploadTarget;
    var hidden = byId(name), bar = byId(name + '-progress'), preview = byId(name + '-preview'),
        status = byId(name + '-status'), retry = byId(name + '-retry');
    delete waiting[name];
    if (sending[name]) { sending[name].onloadend = null; sending[name].abort(); }
    hidden.value = '';
    preview.hidden = true;
    if (retry) retry.hidden = true;
    bar.hidden = false; bar.value = 0;
    status.textContent = text(name, 'msgUploading');
    var xhr = new XMLHttpRequest();
    sending[name] = xhr;
    var answered = false;
    function interrupted(message) {
      bar.hidden = true;
      if (!retry) { status.textContent = message || text(name, 'msgFailed'); return; }
      waiting[name] = { input: input, file: file, hidden: hidden };
      status.textContent = message || text(name, 'msgInterrupted');
      retry.hidden = false;
    }
    xhr.open('POST', '/api/unggah?untuk=' + encodeURIComponent(input.dataset.uploadPurpose));
    xhr.setRequestHeader('X-PADUKO', '1');
    xhr.setRequestHeader('X-PADUKO-Lang', document.documentElement.lang || 'id');
    xhr.setRequestHeader('X-Filename', encodeURIComponent(file.name || ''));
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
    xhr.onload = function () {
      answered = true;
      if (!hidden.isConnected) return;  // the person has moved on to another page
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) {}
      if (xhr.status === 200 && body.key) {
        bar.hidden = true;
        hidden.value = body.key;
        if (body.thumbnail) { preview.src = body.thumbnail; preview.hidden = false; }
        status.textContent = [text(name, 'msgDone')].concat(body.warnings || []).join(' ');
      } else if (retriable(xhr.status)) {
        interrupted(body.message);
      } else {  // the file itself was refused (not a photo, too large): choosing another is the way on
        bar.hidden = true;
        status.textContent = body.message || text(name, 'msgFailed');
      }
    };
    // error, abort (also ours when the phone reports going offline) and timeout: no answer came.
    xhr.onloadend = function () {
      if (sending[name] === xhr) delete sending[name];
      if (!answered && hidden.isConnected) interrupted();
    };
    xhr.send(file);
    input.value = '';  // the same file may be chosen again; this send keeps its own reference
  }

  function tryAgain(name) {
    var entry = waiting[name];
    if (!entry) return;
    if (!entry.hidden.isConnected) { delete waiting[name]; return; }
    send(entry.input, entry.file);
  }

  document.addEventListener('change', function (event) {
    var input = event.target;
    if (!input || !input.dataset || !input.dataset.uploadTarget || !input.files || !input.files[0]) return;
    send(input, input.files[0]);
  });
  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest && event.target.closest('[data-upload-retry]');
    if (button) tryAgain(button.dataset.uploadRetry);
  });
  // A phone that knows it lost its signal: stop waiting for an answer that cannot come.
  window.addEventListener('offline', function () {
    Object.keys(sending).forEach(function (name) { sending[name].abort(); });
  });
  window.addEventListener('online', function () { Object.keys(waiting).forEach(tryAgain); });
})();
