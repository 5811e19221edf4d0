// Where keyboard focus goes (after GOV.UK Frontend).
// 1. After the server answers a press (a new question, an error summary, the code box), focus
//    moves there, unless the person has already moved on from where they pressed: on a slow
//    phone the answer can come after they began tabbing, and focus must not jump back under them.
//    A page whose steps the server replaces (the wizard) carries the key of the step shown in
//    [data-focus-key]: when it changes, the new heading takes focus in the same moment the step
//    is drawn, before the person can press anything on it (a separate focus event from the
//    server could come after they had begun tabbing on the new step).
// 2. Error summary links move focus to their field: the browser would only scroll to the element
//    with that id (a div or fieldset that cannot take input) and put "#name" in the address. For
//    grouped inputs (date boxes, choice cards) the first input gets focus (a photo: its first file
//    input); the question's label or legend is scrolled into view with it.
(function () {
  if (window.padukoFocus) return;
  var pressed = null;  // what had focus when the person last pressed, tapped or submitted
  function notePress() { pressed = document.activeElement; }
  document.addEventListener('click', notePress, true);
  document.addEventListener('submit', notePress, true);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' || event.key === ' ') notePress();
  }, true);

  window.padukoFocus = function (selector, toTop) {
    var now = document.activeElement;
    if (now && now !== document.body && now !== pressed && now.isConnected) return;
    var target = document.querySelector(selector);
    if (!target) return;
    if (toTop) window.scrollTo(0, 0);
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  };

  var shownKey = null;
  new MutationObserver(function () {
    var marker = document.querySelector('[data-focus-key]');
    var key = marker ? marker.getAttribute('data-focus-key') : null;
    if (key === shownKey) return;
    var replaced = shownKey && key;  // one step replaced by another, not a page arriving
    shownKey = key;
    if (replaced) window.padukoFocus('main h1', true);
  }).observe(document.documentElement, {subtree: true, childList: true, attributes: true,
                                        attributeFilter: ['data-focus-key']});

  var CONTROL = 'input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])';
  document.addEventListener('click', function (event) {
    // The router writes href="#name" as "/page/#name": read the link's fragment.
    var link = event.target.closest && event.target.closest('#error-summary a');
    if (!link || !link.hash) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    // A photo's field is a hidden input beside its file inputs: the first of those.
    var group = target.matches('input[type=hidden]') ? target.parentElement : target;
    var control = target.matches(CONTROL) ? target : group.querySelector(CONTROL);
    if (!control) return;
    event.preventDefault();
    var question = control.closest('fieldset') || control.closest('.field') || target;
    question.scrollIntoView({block: 'start'});
    control.focus({preventScroll: true});
  }, true);
})();
