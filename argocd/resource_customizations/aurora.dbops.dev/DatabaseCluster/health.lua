-- Argo CD health of a DatabaseCluster (aurora.dbops.dev/v1alpha1), from the conditions the operator
-- writes: Ready=True is Healthy; phase Failed, or Degraded=True while not Ready, is Degraded with the
-- condition's message; anything else (no status yet, creating, modifying, deleting) is Progressing.
local hs = {}

local function condition(conditionType)
  if obj.status ~= nil and obj.status.conditions ~= nil then
    for _, c in ipairs(obj.status.conditions) do
      if c.type == conditionType then
        return c
      end
    end
  end
  return nil
end

local function messageOf(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return fallback
end

if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = messageOf(condition("Progressing"), "Being deleted")
  return hs
end
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end
-- Conditions written for an older spec say nothing about the current one.
if obj.status.observedGeneration ~= nil and obj.metadata.generation ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to act on generation " .. obj.metadata.generation
  return hs
end

local ready = condition("Ready")
local degraded = condition("Degraded")
local isReady = ready ~= nil and ready.status == "True"
if obj.status.phase == "Failed" or (not isReady and degraded ~= nil and degraded.status == "True") then
  hs.status = "Degraded"
  local lastError = obj.status.lastError and obj.status.lastError.message
  hs.message = messageOf(degraded, messageOf(ready, lastError or "Failed"))
  return hs
end
if isReady then
  hs.status = "Healthy"
  hs.message = messageOf(ready, "Available")
  return hs
end
hs.status = "Progressing"
hs.message = messageOf(ready, "Phase " .. tostring(obj.status.phase or "Pending"))
return hs
