// Review page keyboard shortcuts: j/k move between messages, a accepts the suggestion, z/p/t choose business, private,
// party-political for the message in focus. Not while typing in a field. Without this script every button still works.
(function () {
  'use strict';
  var items = Array.prototype.slice.call(document.querySelectorAll('.message-list > li.message'));
  if (items.length === 0) return;
  function current() {
    var el = document.activeElement;
    while (el && el !== document.body) {
      if (el.classList && el.classList.contains('message')) return el;
      el = el.parentElement;
    }
    return null;
  }
  function move(step) {
    var at = items.indexOf(current());
    var next = at < 0 ? (step > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + step));
    items[next].focus();
    items[next].scrollIntoView({ block: 'nearest' });
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
  var first = document.querySelector('.message-list > li.message--open') || items[0];
  if (first && window.location.search.indexOf('besloten=') >= 0) first.focus();
}());
