#!/usr/bin/env bash
# Builds the image and pushes it to the course's ECR repository with a tag that starts with your first name.
#   docker/push-ecr.sh <first-name> [aws-account-id] [region]
# e.g. docker/push-ecr.sh jan  ->  <account>.dkr.ecr.eu-west-1.amazonaws.com/vlerick_cloud_solutions:jan-20261121-1a2b3c4
# Needs the AWS CLI (logged in: aws configure / AWS_PROFILE / env keys), docker or podman, and ./mvnw package done.
set -euo pipefail
cd "$(dirname "$0")/.."

first=${1:?usage: docker/push-ecr.sh <first-name> [aws-account-id] [region]}
first=$(echo "$first" | tr '[:upper:]' '[:lower:]')
[[ "$first" =~ ^[a-z][a-z0-9-]*$ ]] || { echo "first name must be letters, digits and dashes, starting with a letter" >&2; exit 2; }
region=${3:-${AWS_REGION:-eu-west-1}}
account=${2:-$(aws sts get-caller-identity --query Account --output text)}
repository=vlerick_cloud_solutions
registry="$account.dkr.ecr.$region.amazonaws.com"
tag="$first-$(date -u +%Y%m%d)-$(git rev-parse --short HEAD 2>/dev/null || echo local)"
engine=$(command -v docker || command -v podman || true)
[ -n "$engine" ] || { echo "needs docker or podman" >&2; exit 2; }

[ -f target/fitscore.jar ] || ./mvnw -B -q package -DskipTests
[ -f target/s3proxy/s3proxy.jar ] || ./mvnw -B -q initialize
"$engine" build -f docker/Dockerfile.jvm -t "$repository:$tag" ${BASE_IMAGE:+--build-arg BASE_IMAGE="$BASE_IMAGE"} .
# The password goes through a pipe, never onto a command line or into a file.
aws ecr get-login-password --region "$region" | "$engine" login --username AWS --password-stdin "$registry"
"$engine" tag "$repository:$tag" "$registry/$repository:$tag"
"$engine" push "$registry/$repository:$tag"
echo "pushed $registry/$repository:$tag"
echo "use it as \"image\" in docker/batch-job-definition.json"
