"""Settings: the collection name follows exactly the settings that shape vectors."""


def test_collection_name_follows_vector_settings(settings, tmp_path):
    other = settings.with_overrides(**{"chunk_tokens": 300})
    assert other.collection_name() != settings.collection_name()
    assert settings.model_copy().collection_name() == settings.collection_name()


def test_blas_threads_limits_numpys_openblas_in_this_process():
    import numpy  # noqa: F401
    from threadpoolctl import ThreadpoolController, threadpool_limits

    from assistant.core.env import limit_blas_threads
    from assistant.core.settings import Settings

    def openblas_threads():
        return [i["num_threads"] for i in ThreadpoolController().info() if i["internal_api"] == "openblas"]

    before = openblas_threads()
    assert before, "numpy should load OpenBLAS"
    with threadpool_limits(limits=None):  # restores the library's setting afterwards
        limit_blas_threads(0)  # 0: the library's default stays
        assert openblas_threads() == before
        limit_blas_threads(1)
        assert openblas_threads() == [1] * len(before)
    assert Settings().model.blas_threads == 1  # the default for a process that answers questions
