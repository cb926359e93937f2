"""Demo content for a first run (`flask seed-demo`): accounts, courses with generated photos
and videos, students at every stage of their access, and forum conversations. Nothing here
runs in a request."""

from dulcevicio.demo.seed import ADMIN, DEMO_STUDENTS, MEMBER, STUDENT, seed_demo

__all__ = ["ADMIN", "DEMO_STUDENTS", "MEMBER", "STUDENT", "seed_demo"]
