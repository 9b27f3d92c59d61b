"""moto's server with two changes a fleet of 1,000 clusters needs, for bench/fleet.sh (behind StrictRds).

moto 5.2.5 answers DescribeDBClusters with every cluster whatever MaxRecords says, and finds a cluster's
members by scanning every instance of the region, three times per cluster it writes out; at 1,000 clusters
one listing took 23.7 s and set the pace of the whole benchmark. Here:
- DescribeDBClusters pages with MaxRecords and Marker as moto already pages DescribeDBInstances (the page
  is cut before the clusters are written out, so a page costs 100 clusters, not all of them);
- while one answer is written out, a cluster's members come from an index of the region's instances built
  once for that answer;
- RDS requests are answered one at a time: moto's threaded server let a describe iterate the region's
  clusters while a create added one ("OrderedDict mutated during iteration", 437 HTTP 500s in one run at
  1,000), which RDS never answers. moto holds the GIL anyway, so little parallelism is lost.
Everything else is moto as installed by .ci/install-moto.sh. Run as: python moto_fleet.py -H HOST -p PORT
"""
import sys
import threading

from moto.core.responses import ActionResult
from moto.rds import models, responses
from moto.server import main

_answer = threading.local()


class _ClusterPage(ActionResult):
    """One page of clusters by identifier (the Marker is the last identifier of the page before), written
    out with the region's instances indexed by cluster once."""

    def __init__(self, clusters, backend, max_records, marker):
        ordered = sorted(clusters, key=lambda c: c.db_cluster_identifier)
        rest = [c for c in ordered if c.db_cluster_identifier > marker]
        page = rest[:max_records]
        result = {"DBClusters": page}
        if len(rest) > len(page):
            result["Marker"] = page[-1].db_cluster_identifier
        super().__init__(result)
        self._backend = backend

    def execute_result(self, context):
        index = {}
        for instance in self._backend.databases.values():
            if isinstance(instance, models.DBInstanceClustered):
                index.setdefault(instance.db_cluster_identifier, []).append(instance)
        _answer.members = index
        try:
            return super().execute_result(context)
        finally:
            _answer.members = None


_scan_members = models.DBCluster._members.fget


def _members(cluster):
    index = getattr(_answer, "members", None)
    return _scan_members(cluster) if index is None else list(index.get(cluster.resource_id, []))


def describe_db_clusters(self):
    _id = self.params.get("DBClusterIdentifier")
    filters = self.params.get("Filters", [])
    filter_dict = {f["Name"]: f["Values"] for f in filters}
    clusters = self.backend.describe_db_clusters(db_cluster_identifier=_id, filters=filter_dict)
    max_records = int(self.params.get("MaxRecords") or 100)
    return _ClusterPage(clusters, self.backend, max_records, self.params.get("Marker") or "")


_one_at_a_time = threading.Lock()
_call_action = responses.RDSResponse.call_action


def call_action(self):
    with _one_at_a_time:
        return _call_action(self)


models.DBCluster._members = property(_members)
responses.RDSResponse.call_action = call_action
responses.RDSResponse.describe_db_clusters = describe_db_clusters

if __name__ == "__main__":
    main(sys.argv[1:])
