// Admin: send a human recording for one prompt to /api/suara (plain form, no Reflex event).
(function () {
  if (window.__padukoRecording) return;
  window.__padukoRecording = true;
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form || form.id !== 'recording-form') return;
    event.preventDefault();
    var file = form.querySelector('#recording-file').files[0];
    var status = document.getElementById('recording-status');
    var lang = (form.querySelector('input[name=rec_lang]:checked') || {}).value || '';
    var id = form.querySelector('#recording-id').value.trim();
    if (!file) { status.textContent = form.dataset.msgFailed; return; }
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/suara?id=' + encodeURIComponent(id) + '&lang=' + encodeURIComponent(lang));
    xhr.setRequestHeader('X-PADUKO', '1');
    xhr.setRequestHeader('X-PADUKO-Lang', document.documentElement.lang || 'id');
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) {}
      status.textContent = xhr.status === 200 ? form.dataset.msgDone : (body.message || form.dataset.msgFailed);
    };
    xhr.onerror = function () { status.textContent = form.dataset.msgFailed; };
    xhr.send(file);
  });
})();
