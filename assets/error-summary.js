// Error summary links move focus to their field, as GOV.UK Frontend's error summary does: the
// browser would only scroll to the element with that id (a div or fieldset that cannot take
// input) and put "#name" in the address. For grouped inputs (date boxes, choice cards) the
// first input gets focus (a photo: its first file input); the question's label or legend is scrolled into view with it.
(function () {
  if (window.padukoErrorSummary) return;
  window.padukoErrorSummary = true;
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
