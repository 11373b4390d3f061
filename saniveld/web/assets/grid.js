/* Server-side paging of the grids (AG Grid's infinite row model): when what the rows depend
   on changes (the quarter, the cluster), the grid forgets the blocks it has and asks the
   server again. And the money editor's recipient search, passed to the server only when the
   dropdown does not hold every code. Dash clientside callbacks (namespace "saniveld"). */
(function () {
    "use strict";
    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.saniveld = Object.assign(window.dash_clientside.saniveld || {}, {
        refreshInfiniteGrid: function (_quarter, _cluster, gridId) {
            try {
                var api = window.dash_ag_grid && gridId ? window.dash_ag_grid.getApi(gridId) : null;
                if (api && !(api.isDestroyed && api.isDestroyed())) {
                    api.purgeInfiniteCache();
                }
            } catch (e) {
                /* the grid is not ready yet: it asks for its first rows itself */
            }
            return window.dash_clientside.no_update;
        },
        // The recipient search for the server (money editor): nothing while the dropdown holds
        // every code and searches them itself, else what was typed.
        serverSearch: function (search, complete) {
            if (complete === true) {
                return window.dash_clientside.no_update;
            }
            return typeof search === "string" ? search : "";
        }
    });
}());
