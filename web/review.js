// Review page keyboard shortcuts: j/k move between messages, a accepts the suggestion, z/p/t choose business, private,
// party-political for the message in focus. Not while typing in a field. Without this script every button still works.
// With htmx a decision replaces the review part (#beoordeling) without a page load; focus then goes to the next open
// message after the one just decided, as after a full page load.
(function () {
  'use strict';
  function items() {
    return Array.prototype.slice.call(document.querySelectorAll('.message-list > li.message'));
  }
  if (items().length === 0) return;
  function current() {
    var el = document.activeElement;
    while (el && el !== document.body) {
      if (el.classList && el.classList.contains('message')) return el;
      el = el.parentElement;
    }
    return null;
  }
  function move(step) {
    var list = items();
    if (list.length === 0) return;
    var at = list.indexOf(current());
    var next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
    list[next].focus();
    list[next].scrollIntoView({ block: 'nearest' });
  }
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = (event.target.tagName || '').toLowerCase();
    if (tag === 'input' || tag === 'textarea' || tag === 'select') return;
    var key = event.key.toLowerCase();
    if (key === 'j') { move(1); event.preventDefault(); return; }
    if (key === 'k') { move(-1); event.preventDefault(); return; }
    var item = current();
    if (!item) return;
    var button = item.querySelector('button[data-key="' + key + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });
  // The position of the message being decided, kept until its answer has replaced the review part.
  var decidedAt = -1;
  document.addEventListener('htmx:beforeRequest', function (event) {
    var form = event.target;
    var item = form && form.closest ? form.closest('li.message') : null;
    decidedAt = item ? items().indexOf(item) : -1;
  });
  document.addEventListener('htmx:afterSwap', function (event) {
    if (!event.target || event.target.id !== 'beoordeling') return;
    var list = items();
    var next = null;
    // Open = still has its decision buttons. Not the class: htmx gives an element that keeps its id its old
    // attributes until the swap has settled, so a message just decided still carries message--open here.
    function open(li) { return li.querySelector('button[data-key]') !== null; }
    for (var i = Math.max(0, decidedAt); i < list.length && !next; i++) {
      if (open(list[i])) next = list[i];
    }
    for (var k = 0; k < list.length && !next; k++) {
      if (open(list[k])) next = list[k];
    }
    var status = document.querySelector('#beoordeling [role="status"], #beoordeling [role="alert"]');
    if (next) next.focus();
    else if (status) { status.setAttribute('tabindex', '-1'); status.focus(); }
    decidedAt = -1;
  });
  var first = document.querySelector('.message-list > li.message--open') || items()[0];
  if (first && window.location.search.indexOf('besloten=') >= 0) first.focus();
}());
