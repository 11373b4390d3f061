"""The WSGI entry point (``gunicorn app:server``); ``python app.py`` serves it like ``saniveld run``."""

from saniveld import settings

if __name__ == "__main__":
    from saniveld.web.server import serve

    web = settings.settings()["web"]
    serve(web["host"], web["port"])
else:
    from saniveld.web import create_app

    app = create_app()
    server = app.server
