"""Reparations claims: programmes as data, claimants (sealed identities), the claim register from declaration to
reasoned decision and appeal, and the duplicate-claimant review queue (matcher: ``archive.persons``)."""
