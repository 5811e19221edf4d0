// Office photo viewer: zoom and rotate a document photo with buttons (mouse, touch or keyboard).
// Plain JavaScript, outside Reflex's event queue; nothing is sent anywhere.
(function () {
  if (window.__padukoViewer) return;
  window.__padukoViewer = true;
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-viewer]');
    if (!button) return;
    var img = document.getElementById(button.dataset.viewer);
    if (!img) return;
    var zoom = parseFloat(img.dataset.zoom || '1'), turn = parseInt(img.dataset.turn || '0', 10);
    var action = button.dataset.action;
    if (action === 'in') zoom = Math.min(zoom * 1.25, 5);
    if (action === 'out') zoom = Math.max(zoom / 1.25, 0.25);
    if (action === 'turn') turn = (turn + 90) % 360;
    if (action === 'reset') { zoom = 1; turn = 0; }
    img.dataset.zoom = String(zoom); img.dataset.turn = String(turn);
    img.style.width = Math.round(zoom * 100) + '%';
    img.style.transform = 'rotate(' + turn + 'deg)';
  });
})();
