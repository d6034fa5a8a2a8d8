"""A stand-in application for the demo timeline."""

import json


def health() -> dict:
    return {"status": "healthy", "service": "demo"}


if __name__ == "__main__":
    print(json.dumps(health()))
