// Sends a chosen photo or scan to PADUKO's upload route with a progress bar, then keeps only
// the returned key in the form's hidden field. Plain JavaScript, outside Reflex's event queue.
(function () {
  if (window.__padukoUpload) return;
  window.__padukoUpload = true;
  function byId(id) { return document.getElementById(id); }
  document.addEventListener('change', function (event) {
    var input = event.target;
    if (!input || !input.dataset || !input.dataset.uploadTarget || !input.files || !input.files[0]) return;
    var name = input.dataset.uploadTarget, file = input.files[0];
    var hidden = byId(name), bar = byId(name + '-progress'), preview = byId(name + '-preview'), status = byId(name + '-status');
    hidden.value = '';
    preview.hidden = true;
    bar.hidden = false; bar.value = 0;
    status.textContent = input.dataset.msgUploading;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/unggah?untuk=' + encodeURIComponent(input.dataset.uploadPurpose));
    xhr.setRequestHeader('X-PADUKO', '1');
    xhr.setRequestHeader('X-PADUKO-Lang', document.documentElement.lang || 'id');
    xhr.setRequestHeader('X-Filename', encodeURIComponent(file.name || ''));
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
    xhr.onload = function () {
      bar.hidden = true;
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) {}
      if (xhr.status === 200 && body.key) {
        hidden.value = body.key;
        if (body.thumbnail) { preview.src = body.thumbnail; preview.hidden = false; }
        status.textContent = [input.dataset.msgDone].concat(body.warnings || []).join(' ');
      } else {
        status.textContent = body.message || input.dataset.msgFailed;
      }
      input.value = '';
    };
    xhr.onerror = function () { bar.hidden = true; status.textContent = input.dataset.msgFailed; input.value = ''; };
    xhr.send(file);
  });
})();
