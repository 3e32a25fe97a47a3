"""The web app: a read-only FastAPI app over the store; every page has a JSON twin under /api."""
from latticework.present.web.app import create_app

__all__ = ["create_app"]
