from tests.e2e.support import BROWSER
pytestmark = BROWSER

def test_dbg(live_server):
    from wagtail.models import Site, Page
    print("SITES", list(Site.objects.values()), list(Page.objects.values_list("id","depth","path","slug","live")))
    import urllib.request
    try:
        print(urllib.request.urlopen(live_server.url + "/").status)
    except Exception as e:
        print("ERR", e)
    assert 0
