/*
 * When a session has expired, Dash's requests are answered with 401: send the user to the
 * login page (and back here afterwards) instead of leaving a page that silently stops updating.
 */
(function () {
  "use strict";
  var originalFetch = window.fetch;
  var redirecting = false;
  if (!originalFetch) {
    return;
  }
  window.fetch = function () {
    return originalFetch.apply(this, arguments).then(function (response) {
      if (response.status === 401 && response.url.indexOf("/_dash-") !== -1) {
        if (!redirecting) {
          redirecting = true;
          var here = window.location.pathname + window.location.search;
          window.location.assign("/login?next=" + encodeURIComponent(here));
        }
        // Leave the answer pending: the page is going away, nothing should render an error.
        return new Promise(function () {});
      }
      return response;
    });
  };
})();
