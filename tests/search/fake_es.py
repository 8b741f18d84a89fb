"""A stand-in for the Elasticsearch client that records calls (no server here)."""


class _Namespace:
    def __init__(self, client, prefix):
        self._client = client
        self._prefix = prefix

    def _record(self, name, **kwargs):
        self._client.calls.append((f"{self._prefix}.{name}", kwargs))


class FakeIndices(_Namespace):
    def create(self, index, **body):
        self._record("create", index=index, body=body)
        self._client.indexes.add(index)

    def refresh(self, index):
        self._record("refresh", index=index)

    def exists_alias(self, name):
        return name in self._client.aliases

    def get_alias(self, name):
        return {index: {"aliases": {name: {}}} for index in self._client.aliases[name]}

    def exists(self, index):
        return index in self._client.indexes

    def update_aliases(self, actions):
        self._record("update_aliases", actions=actions)
        for action in actions:
            for kind, spec in action.items():
                indexes = self._client.aliases.setdefault(spec["alias"], [])
                if kind == "add":
                    indexes.append(spec["index"])
                else:
                    indexes.remove(spec["index"])

    def delete(self, index, **kwargs):
        self._record("delete", index=index)
        self._client.indexes.discard(index)


class FakeSynonyms(_Namespace):
    def put_synonym(self, id, synonyms_set):
        self._record("put_synonym", id=id, synonyms_set=synonyms_set)


class FakeClient:
    def __init__(self, aliases=None):
        self.calls = []
        self.aliases = aliases or {}
        self.indexes = {i for indexes in self.aliases.values() for i in indexes}
        self.indices = FakeIndices(self, "indices")
        self.synonyms = FakeSynonyms(self, "synonyms")

    def options(self, **options):
        self.calls.append(("options", options))
        return self

    def named(self, name):
        return [kwargs for call, kwargs in self.calls if call == name]

    def bulk(self, operations):
        self.calls.append(("bulk", {"operations": operations}))
        return {"errors": False, "items": []}

    def index(self, **kwargs):
        self.calls.append(("index", kwargs))

    def update(self, **kwargs):
        self.calls.append(("update", kwargs))

    def delete(self, **kwargs):
        self.calls.append(("delete", kwargs))

    def count(self, index):
        return {"count": 0}
