"""The dashboard's pages, one module each, registered with `dash.register_page`.

A page module lays out its sections and registers its callbacks with
`saniveld.web.auth.data_callback`; it calls the domain layer and holds no SQL. Its `layout`
runs on every visit in the request's language and reads no data: data arrives through
callbacks, which check the user's permission.
"""
