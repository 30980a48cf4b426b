"""Settings: the collection name follows exactly the settings that shape vectors."""


def test_collection_name_follows_vector_settings(settings, tmp_path):
    other = settings.with_overrides(**{"chunk_tokens": 300})
    assert other.collection_name() != settings.collection_name()
    assert settings.model_copy().collection_name() == settings.collection_name()
