"""The OpenAI Python client against a real server on loopback: plain and streamed completions with citations."""

import pytest

from tests.web_helpers import ServerThread
from ui.server import create_app

pytestmark = pytest.mark.slow


def test_openai_python_client_against_running_server(corpus_settings, engine):
    from openai import OpenAI

    with ServerThread(create_app(corpus_settings, engine=engine)) as server:
        sdk = OpenAI(base_url=server.url + "/v1", api_key="unbenutzt")
        reply = sdk.chat.completions.create(model="agenda-assistent", messages=[{"role": "user", "content": "Wann fand die Regionalkonferenz in Kiel statt?"}])
        assert "27.01.2016" in reply.choices[0].message.content
        assert reply.model_extra["citations"][0]["doc_id"] == "positionspapier-2016"
        streamed = "".join(
            part.choices[0].delta.content or ""
            for part in sdk.chat.completions.create(model="agenda-assistent", stream=True,
                                                    messages=[{"role": "user", "content": "Wann fand die Regionalkonferenz in Brehna statt?"}])
            if part.choices
        )
        assert "13.04.2016" in streamed
